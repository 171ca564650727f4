using Tamper.Model.Precision;
using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Serve;
using Tamper.Detection;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper serve</c>: the web page and HTTP API on this machine.</summary>
public static class ServeCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Option<int> Port { get; } = new("--port") { Description = "TCP port (0 = any free port)", DefaultValueFactory = _ => 5000 };
        public Option<string> Host { get; } = new("--host") { Description = "Address to listen on; 0.0.0.0 opens it to the network", DefaultValueFactory = _ => "127.0.0.1" };
        public Option<FileInfo?> Model { get; } = CommonOptions.Model("Model file (default: the shipped model)");
        public Option<string> Method { get; } = new("--method") { Description = $"Detection method ({string.Join(", ", DetectorRegistry.Methods)})", DefaultValueFactory = _ => DetectorRegistry.DefaultMethod };
        public Option<double> MaxUpload { get; } = new("--max-upload-mb") { Description = "Largest upload accepted, MB", DefaultValueFactory = _ => 50 };
        public Option<double> InFlight { get; } = new("--max-inflight-mb") { Description = "Upload MB held at once over all requests; more get 503 + Retry-After (bounds memory and temporary disk whatever the number of clients)", DefaultValueFactory = _ => ServeOptions.DefaultMaxInFlightBytes / 1048576.0 };
        public Option<int> Workers { get; } = new("--workers") { Description = "Images inspected at once", DefaultValueFactory = _ => 1 };
        public Option<int> Queue { get; } = new("--queue") { Description = "Uploads that may wait for a worker (more get 503 + Retry-After)", DefaultValueFactory = _ => 4 };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();
        public Option<string> Precision { get; } = CommonOptions.Precision();

        public IEnumerable<Symbol> All => [Port, Host, Model, Method, MaxUpload, InFlight, Workers, Queue, Threads, MaxMegapixels, Precision];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("serve", "Serve the web page and the HTTP API (POST /api/detect, GET /api/health)", flags.All);
        command.SetAction((parsed, cancel) => Handle(console, flags, parsed, cancel));
        return command;
    }

    private static async Task<int> Handle(CliConsole console, Flags flags, ParseResult parsed, CancellationToken cancel)
    {
        if (parsed.GetValue(flags.Port) is < 0 or > 65535 || parsed.GetValue(flags.MaxUpload) <= 0 || parsed.GetValue(flags.InFlight) < parsed.GetValue(flags.MaxUpload) || parsed.GetValue(flags.Workers) < 1 || parsed.GetValue(flags.Queue) < 0)
        {
            console.Problem("--port 0..65535, --max-upload-mb > 0, --max-inflight-mb >= --max-upload-mb, --workers >= 1, --queue >= 0");
            return ExitCodes.UsageError;
        }
        if (!TamperServer.IsListenAddress(parsed.GetValue(flags.Host)!))
        {
            console.Problem($"--host '{parsed.GetValue(flags.Host)}': give an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost");
            return ExitCodes.UsageError;
        }
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        var options = new ServeOptions(parsed.GetValue(flags.Host)!, parsed.GetValue(flags.Port), parsed.GetValue(flags.Model)?.FullName, parsed.GetValue(flags.Method)!,
            (long)(parsed.GetValue(flags.MaxUpload) * 1048576), parsed.GetValue(flags.MaxMegapixels), parsed.GetValue(flags.Workers), parsed.GetValue(flags.Queue))
        {
            Precision = PrecisionChoice.Resolve(parsed.GetValue(flags.Precision)),
            MaxInFlightBytes = (long)(parsed.GetValue(flags.InFlight) * 1048576),
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
    }
}
