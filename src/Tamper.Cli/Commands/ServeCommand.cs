using Tamper.Model.Precision;
using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Serve;
using Tamper.Detection;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper serve</c>: the web page and HTTP API on this machine.</summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 = any free port)", DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host") { Description = "Address to listen on; 0.0.0.0 opens it to the network", DefaultValueFactory = _ => "127.0.0.1" };
        var model = CommonOptions.Model("Model file (default: the shipped model)");
        var method = new Option<string>("--method") { Description = $"Detection method ({string.Join(", ", DetectorRegistry.Methods)})", DefaultValueFactory = _ => DetectorRegistry.DefaultMethod };
        var maxUpload = new Option<double>("--max-upload-mb") { Description = "Largest upload accepted, MB", DefaultValueFactory = _ => 50 };
        var inFlight = new Option<double>("--max-inflight-mb") { Description = "Upload MB held at once over all requests; more get 503 + Retry-After (bounds memory and temporary disk whatever the number of clients)", DefaultValueFactory = _ => ServeOptions.DefaultMaxInFlightBytes / 1048576.0 };
        var workers = new Option<int>("--workers") { Description = "Images inspected at once", DefaultValueFactory = _ => 1 };
        var queue = new Option<int>("--queue") { Description = "Uploads that may wait for a worker (more get 503 + Retry-After)", DefaultValueFactory = _ => 4 };
        var threads = CommonOptions.Threads();
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var precision = CommonOptions.Precision();
        var command = new Command("serve", "Serve the web page and the HTTP API (POST /api/detect, GET /api/health)")
        {
            port, host, model, method, maxUpload, inFlight, workers, queue, threads, maxMegapixels, precision,
        };
        command.SetAction(async (parsed, cancel) =>
        {
            if (parsed.GetValue(port) is < 0 or > 65535 || parsed.GetValue(maxUpload) <= 0 || parsed.GetValue(inFlight) < parsed.GetValue(maxUpload) || parsed.GetValue(workers) < 1 || parsed.GetValue(queue) < 0)
            {
                console.Problem("--port 0..65535, --max-upload-mb > 0, --max-inflight-mb >= --max-upload-mb, --workers >= 1, --queue >= 0");
                return ExitCodes.UsageError;
            }
            if (!TamperServer.IsListenAddress(parsed.GetValue(host)!))
            {
                console.Problem($"--host '{parsed.GetValue(host)}': give an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost");
                return ExitCodes.UsageError;
            }
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var options = new ServeOptions(parsed.GetValue(host)!, parsed.GetValue(port), parsed.GetValue(model)?.FullName, parsed.GetValue(method)!,
                (long)(parsed.GetValue(maxUpload) * 1048576), parsed.GetValue(maxMegapixels), parsed.GetValue(workers), parsed.GetValue(queue))
            {
                Precision = PrecisionChoice.Resolve(parsed.GetValue(precision)),
                MaxInFlightBytes = (long)(parsed.GetValue(inFlight) * 1048576),
            };
            await using var server = TamperServer.Create(options);
            try
            {
                await server.StartAsync(cancel);
            }
            catch (IOException e)
            {
                console.Problem($"cannot listen on {options.Host}:{options.Port}: {e.Message}");
                return ExitCodes.UsageError;
            }
            console.Out.WriteLine($"tamper: serving {string.Join(", ", server.Urls)} (Ctrl-C to stop)");
            await server.WaitForShutdownAsync(cancel);
            return ExitCodes.Success;
        });
        return command;
    }
}
