using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Data;
using Tamper.Metrics;
using Tamper.Plots;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper score</c>: the contest score of predicted masks against true masks.</summary>
public static class ScoreCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Option<DirectoryInfo> Predictions { get; } = CommonOptions.ExistingFolder("--pred", "Folder of predicted masks (<id>.png, 255 = tampered), or gray heat maps with --pred-heatmaps");
        public Option<DirectoryInfo> Truth { get; } = CommonOptions.ExistingFolder("--truth", "Dataset root in a known layout (e.g. images/ + masks/) or a folder of true masks");
        public Option<FileInfo?> Json { get; } = new("--json") { Description = "Also write the full report as JSON" };
        public Option<FileInfo?> Csv { get; } = new("--csv") { Description = "Also write per-image scores as CSV" };
        public Option<EmptyTruthRule> EmptyRule { get; } = new("--empty-rule")
            {
                Description = "How an image with an empty true mask scores: match (default: 2 if the prediction is empty too, else 0), zero (always 0), skip (left out)",
                DefaultValueFactory = _ => EmptyTruthRule.Match,
            };
        public Option<bool> GroupByPrefix { get; } = new("--group-by-prefix") { Description = "Also report per group of ids sharing the prefix up to the first '_'" };
        public Option<bool> Heatmaps { get; } = new("--pred-heatmaps") { Description = "Predictions are gray probability maps: also report pixel AUC and the best global thresholds" };
        public Option<FileInfo?> Plot { get; } = new("--plot") { Description = "With --pred-heatmaps: draw the mean score of the tampered images and the false alarms against the threshold, per source, as a PNG" };
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();
        public Option<DirectoryInfo[]> Authentic { get; } = new("--authentic")
            {
                Description = "Folders of untouched images without mask files: scored as images whose true mask is empty (false alarms are counted apart)",
                AllowMultipleArgumentsPerToken = true,
            };

        public IEnumerable<Symbol> All => [Predictions, Truth, Json, Csv, EmptyRule, GroupByPrefix, Heatmaps, Plot, MaxMegapixels, Authentic];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("score", "Contest score (F1 + IoU per image) of predicted masks against true masks", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        if (parsed.GetValue(flags.Plot) is not null && !parsed.GetValue(flags.Heatmaps))
        {
            console.Problem("--plot: the threshold curves need gray heat maps (--pred-heatmaps)");
            return ExitCodes.UsageError;
        }
        var options = new ScoreOptions(parsed.GetValue(flags.EmptyRule), parsed.GetValue(flags.GroupByPrefix), parsed.GetValue(flags.Heatmaps));
        var scorer = new MaskScorer(CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels)));
        var report = BatchProgress.Run(console, "scoring", progress =>
            scorer.Score(parsed.GetValue(flags.Predictions)!.FullName, parsed.GetValue(flags.Truth)!.FullName, options, progress,
                [.. (parsed.GetValue(flags.Authentic) ?? []).SelectMany(folder => MaskFolder.Open(folder.FullName).Paths).Order(StringComparer.Ordinal)]));

        console.Out.Write(ScoreTable.Build(report));
        console.Out.WriteLine($"empty-truth rule: {ScoreTable.RuleDescription(options.EmptyRule)}");
        foreach (var note in report.Notes)
            console.Error.WriteLine($"note: {note}");
        foreach (var problem in report.Problems)
            console.Problem(problem);

        if (parsed.GetValue(flags.Json) is { } jsonFile)
            ScoreReportWriter.WriteJson(report, jsonFile.FullName);
        if (parsed.GetValue(flags.Plot) is { } plotFile)
        {
            var curves = report.Groups.Append(report.Overall)
                .Where(summary => summary.Heatmap is { Curve.Count: > 0 })
                .Select(summary => (summary.Name, summary.Heatmap!.Curve)).ToList();
            ThresholdPlot.Save(plotFile.FullName, curves, [("0.5", 127 / 255.0)]);
        }
        if (parsed.GetValue(flags.Csv) is { } csvFile)
            ScoreReportWriter.WriteCsv(report, csvFile.FullName);
        if (report.HasProblems)
            console.Problem($"{report.Problems.Count} problem(s); unusable predictions scored 0");
        return report.HasProblems ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
    }
}
