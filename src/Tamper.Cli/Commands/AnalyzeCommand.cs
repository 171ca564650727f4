using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Forensics;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper analyze</c>: every classical analyzer's map and findings per image.</summary>
public static class AnalyzeCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = CommonOptions.InputsArgument("Image files, folders or patterns", ArgumentArity.OneOrMore);
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the results: <id>/<analyzer>.png, <analyzer>_gray.png, report.json", Required = true };
        var analyzers = new Option<string?>("--analyzers", "--analysers") { Description = $"Comma-separated analyzers (default: all of {string.Join(", ", AnalyzerRegistry.Names)})" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Recompute images whose report exists (default: skip them)" };
        var maxMegapixels = CommonOptions.MaxMegapixels();

        var command = new Command("analyze", "Classical forensic maps and findings (ELA, noise, JPEG, ghosts, copy-move, metadata)")
        {
            inputs, output, analyzers, overwrite, maxMegapixels,
        };
        command.SetAction(parsed =>
        {
            var selected = AnalyzerRegistry.Parse(parsed.GetValue(analyzers));
            if (CommonOptions.Inputs(console, parsed.GetValue(inputs)!) is not { } batch)
                return ExitCodes.UsageError;
            var (items, problems) = batch;
            var folder = parsed.GetValue(output)!.FullName;
            var loader = CommonOptions.Loader(parsed.GetValue(maxMegapixels));
            var summary = BatchProgress.Run(console, "analyzing", progress =>
                AnalysisBatch.Run(selected, items, folder, parsed.GetValue(overwrite), loader, problems, (item, results) =>
                {
                    console.Out.MarkupLine($"[bold]{Markup.Escape(item.Id)}[/]");
                    foreach (var result in results)
                        foreach (var finding in result.Findings)
                            console.Out.MarkupLine($"  {Markup.Escape(result.Analyzer),-9} {Markup.Escape(finding.Text)}");
                }, progress, console.Problem, console.Problem));
            return BatchReport.Finish(console, summary, "image(s)", folder);
        });
        return command;
    }
}
