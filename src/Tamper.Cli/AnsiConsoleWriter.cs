using System.Text;
using Spectre.Console;

namespace Tamper.Cli;

/// <summary>Lets System.CommandLine's help text go to the same console the commands write to.</summary>
internal sealed class AnsiConsoleWriter(CliConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Out.Profile.Out.Writer.Write(value);

    public override void Write(string? value) => console.Out.Profile.Out.Writer.Write(value);
}
