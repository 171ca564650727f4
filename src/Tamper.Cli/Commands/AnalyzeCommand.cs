using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Forensics;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper analyze</c>: every classical analyzer's map and findings per image.</summary>
public static class AnalyzeCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Argument<string[]> Inputs { get; } = CommonOptions.InputsArgument("Image files, folders or patterns", ArgumentArity.OneOrMore);
        public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Folder for the results: <id>/<analyzer>.png, <analyzer>_gray.png, report.json", Required = true };
        public Option<string?> Analyzers { get; } = new("--analyzers", "--analysers") { Description = $"Comma-separated analyzers of {string.Join(", ", AnalyzerRegistry.Names)} (default: {string.Join(", ", AnalyzerRegistry.Defaults)})" };
        public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Recompute images whose report exists (default: skip them)" };
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();

        public IEnumerable<Symbol> All => [Inputs, Output, Analyzers, Overwrite, MaxMegapixels];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("analyze", "Classical forensic maps and findings (ELA, noise, JPEG, ghosts, copy-move, metadata)", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        var selected = AnalyzerRegistry.Parse(parsed.GetValue(flags.Analyzers));
        if (CommonOptions.Inputs(console, parsed.GetValue(flags.Inputs)!) is not { } batch)
            return ExitCodes.UsageError;
        var (items, problems) = batch;
        var folder = parsed.GetValue(flags.Output)!.FullName;
        var loader = CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels));
        var summary = BatchProgress.Run(console, "analyzing", progress =>
            AnalysisBatch.Run(selected, items, folder, parsed.GetValue(flags.Overwrite), loader, problems, (item, results) =>
            {
                console.Out.MarkupLine($"[bold]{Markup.Escape(item.Id)}[/]");
                foreach (var result in results)
                    foreach (var finding in result.Findings)
                        console.Out.MarkupLine($"  {Markup.Escape(result.Analyzer),-9} {Markup.Escape(finding.Text)}");
            }, progress, console.Problem, console.Problem));
        return BatchReport.Finish(console, summary, "image(s)", folder);
    }
}
