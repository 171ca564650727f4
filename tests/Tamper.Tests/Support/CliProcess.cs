using System.Diagnostics;

namespace Tamper.Tests.Support;

/// <summary>
/// The tamper command line as a separate process (the CLI built beside the tests): for what only a real process
/// shows, such as what native libraries print on stderr, or a batch killed part-way.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _out;
    private readonly Task<string> _error;

    private CliProcess(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tamper.Cli.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _out = _process.StandardOutput.ReadToEndAsync();
        _error = _process.StandardError.ReadToEndAsync();
    }

    public static CliProcess Start(params string[] args) => new(args);

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns what it printed.</summary>
    public static CliRun Run(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        return process.Wait(timeout);
    }

    public CliRun Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tamper did not finish within {timeout}");
        }
        return new CliRun(_process.ExitCode, _out.Result, _error.Result);
    }

    /// <summary>Kills the process at once (SIGKILL: no handler runs, as with kill -9).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }
}
