using Tamper.Cli;

namespace Tamper.Tests.Support;

/// <summary>Runs the tamper command line in-process through its real entry point and captures what it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(args, CliConsole.Plain(output, error));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
