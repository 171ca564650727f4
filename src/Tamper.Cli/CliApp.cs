using System.CommandLine;
using System.CommandLine.Help;
using Tamper.Cli.Commands;

namespace Tamper.Cli;

/// <summary>
/// The <c>tamper</c> command line: parses, runs one command, and turns every failure into one line on
/// stderr and an exit code (<see cref="ExitCodes"/>); set TAMPER_DEBUG=1 to see stack traces.
/// </summary>
public static class CliApp
{
    /// <summary>The root is a plain command named "tamper" (a RootCommand takes the assembly's name for its usage line).</summary>
    public static Command BuildRoot(CliConsole console) => new("tamper", "Find where an image was edited: masks, heat maps, contest scores and submissions")
    {
        new HelpOption(),
        new VersionOption(),
        DetectCommand.Create(console),
        AnalyzeCommand.Create(console),
        SynthCommand.Create(console),
        TrainCommand.Create(console),
        CalibrateCommand.Create(console),
        FuseCommand.Create(console),
        ServeCommand.Create(console),
        ScoreCommand.Create(console),
        SubmitCommand.Create(console),
        DatasetCommand.Create(console),
        BenchCommand.Create(console),
        DoctorCommand.Create(console),
    };

    public static int Run(string[] args, CliConsole console)
    {
        var parsed = BuildRoot(console).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                console.Problem(error.Message);
            var commandName = parsed.CommandResult.Parent is null ? "" : $" {parsed.CommandResult.Command.Name}";
            console.Error.WriteLine($"Run 'tamper{commandName} --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = new AnsiConsoleWriter(console),
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is InputFileException or UnknownNameException or OutputLocationException)
        {
            console.Problem(e.Message);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("TAMPER_DEBUG") != "1")
        {
            console.Problem($"internal error: {e.GetType().Name}: {e.Message} (set TAMPER_DEBUG=1 for details)");
            return ExitCodes.InternalError;
        }
    }
}
