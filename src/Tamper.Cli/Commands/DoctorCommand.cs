using System.CommandLine;
using Spectre.Console;
using Tamper.Native;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper doctor</c>: checks that the native libraries load and compute here.</summary>
public static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("doctor", "Check the native setup (OpenCV, libtorch, allocator) and say what is missing");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("component").AddColumn("status").AddColumn("detail");
            var checks = NativeRuntime.All();
            foreach (var check in checks)
                table.AddRow(Markup.Escape(check.Name), check.Ok ? "[green]ok[/]" : "[red]missing[/]", Markup.Escape(check.Detail));
            console.Out.Write(table);
            return checks.All(check => check.Ok) ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        });
        return command;
    }
}
