using System.Diagnostics;

namespace Tamper.BrowserTests;

/// <summary>
/// The built CLI (<c>artifacts/cli</c>, made by <c>./tamper</c>) running <c>tamper serve</c> on a free
/// loopback port, as a user would start it; stopped and killed on dispose.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Tamper.slnx")))
                return folder.FullName;
        throw new InvalidOperationException("Tamper.slnx not found above " + AppContext.BaseDirectory);
    }

    public static ServerProcess Start(params string[] arguments)
    {
        var cli = Environment.GetEnvironmentVariable("TAMPER_CLI") is { Length: > 0 } given ? given : Path.Combine(RepositoryRoot(), "artifacts", "cli", "Tamper.Cli.dll");
        if (!File.Exists(cli))
            throw new InvalidOperationException($"{cli} not found: build the CLI first (./tamper doctor, or ./run-tests --browser does it)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { cli, "serve", "--port", "0" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        const string tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
        if (File.Exists(tcmalloc))
            start.Environment["LD_PRELOAD"] = tcmalloc;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var error = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (error) error.AppendLine(line.Data); };
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine();
            if (line is null)
                break;
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (line.Contains("serving", StringComparison.Ordinal) && at >= 0)
                return new ServerProcess(process, line[at..].Split(' ', ',')[0]);
        }
        process.Kill(entireProcessTree: true);
        lock (error)
            throw new InvalidOperationException($"tamper serve did not start: {error}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        finally
        {
            _process.Dispose();
        }
    }
}
