using System.CommandLine;
using Spectre.Console;
using Tamper.Model;
using Tamper.Model.Precision;
using Tamper.Native;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper doctor</c>: checks that the native libraries load and compute here; lists the shipped models with their terms.</summary>
public static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("doctor", "Check the native setup (OpenCV, libtorch, allocator), say what is missing, and list the shipped models with their license terms");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("component").AddColumn("status").AddColumn("detail");
            var checks = NativeRuntime.All();
            foreach (var check in checks)
                table.AddRow(Markup.Escape(check.Name), check.Ok ? "[green]ok[/]" : "[red]missing[/]", Markup.Escape(check.Detail));
            console.Out.Write(table);
            var cpu = CpuFeatures.OfThisMachine;
            console.Out.WriteLine($"precision: auto = {PrecisionChoice.Name(PrecisionChoice.Resolve(PrecisionChoice.Auto))} (amx_bf16 {(cpu.AmxBf16 ? "yes" : "no")}, avx512_bf16 {(cpu.Avx512Bf16 ? "yes" : "no")})");
            var models = new Table().Border(TableBorder.Rounded).AddColumn("shipped model").AddColumn("network").AddColumn("terms");
            foreach (var model in ShippedModels.List())
                models.AddRow(Markup.Escape(model.File), Markup.Escape(model.Network), Markup.Escape(model.Terms));
            console.Out.Write(models);
            return checks.All(check => check.Ok) ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        });
        return command;
    }
}
