using Spectre.Console;

namespace Tamper.Cli;

/// <summary>Where a command writes: tables and results to <see cref="Out"/>, one-line problems to <see cref="Error"/>.</summary>
public sealed class CliConsole(IAnsiConsole output, TextWriter error, bool interactive)
{
    public IAnsiConsole Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>A person is watching a terminal: show live progress.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole System()
    {
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = RedirectedWidth; // a file or pipe has no width: do not wrap tables at 80
        return new(AnsiConsole.Console, Console.Error, interactive);
    }

    /// <summary>A console over plain writers, without colors or live output (tests, pipes).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = RedirectedWidth;
        return new(console, error, interactive: false);
    }

    private const int RedirectedWidth = 200;

    /// <summary>One line on stderr; batch stages on other threads report through it too, so lines never interleave.</summary>
    public void Problem(string message)
    {
        lock (Error)
            Error.WriteLine($"tamper: {message}");
    }
}
