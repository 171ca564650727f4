using Spectre.Console;

namespace Tamper.Cli;

/// <summary>Where a command writes: tables and results to <see cref="Out"/>, one-line problems to <see cref="Error"/>.</summary>
public sealed class CliConsole(IAnsiConsole output, TextWriter error, bool interactive)
{
    public IAnsiConsole Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A person is watching a terminal: show live progress.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole System() => new(AnsiConsole.Console, Console.Error,
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>A console over plain writers, without colours or live output (tests, pipes).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error) => new(
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }),
        error, interactive: false);

    public void Problem(string message) => Error.WriteLine($"tamper: {message}");
}
