using System.Diagnostics;

namespace Tamper.Tests.Support;

/// <summary>
/// The tamper command line as a separate process (the CLI built beside the tests): for what only a real process
/// shows, such as what native libraries print on stderr, or a batch killed part-way.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _out = [];
    private readonly List<string> _error = [];

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
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => { if (line.Data is { } text) lock (_out) _out.Add(text); };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) lock (_error) _error.Add(text); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>The first line printed on stdout that matches, waiting for it up to <paramref name="timeout"/>.</summary>
    public string WaitForOutput(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_out)
                if (_out.FirstOrDefault(match) is { } line)
                    return line;
            if (_process.HasExited)
                break;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"no such line from tamper (exited: {_process.HasExited}); stderr: {string.Join('\n', Lines(_error))}");
    }

    /// <summary>Resident memory of the process now, from /proc (Linux).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    private static List<string> Lines(List<string> lines)
    {
        lock (lines)
            return [.. lines];
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
        _process.WaitForExit(); // the output events have all arrived
        return new CliRun(_process.ExitCode, string.Join('\n', Lines(_out)), string.Join('\n', Lines(_error)));
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
