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
    public static Command Create(CliConsole console)
    {
        var predictions = CommonOptions.ExistingFolder("--pred", "Folder of predicted masks (<id>.png, 255 = tampered), or gray heat maps with --pred-heatmaps");
        var truth = CommonOptions.ExistingFolder("--truth", "Dataset root in a known layout (e.g. images/ + masks/) or a folder of true masks");
        var json = new Option<FileInfo?>("--json") { Description = "Also write the full report as JSON" };
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write per-image scores as CSV" };
        var emptyRule = new Option<EmptyTruthRule>("--empty-rule")
        {
            Description = "How an image with an empty true mask scores: match (default: 2 if the prediction is empty too, else 0), zero (always 0), skip (left out)",
            DefaultValueFactory = _ => EmptyTruthRule.Match,
        };
        var groupByPrefix = new Option<bool>("--group-by-prefix") { Description = "Also report per group of ids sharing the prefix up to the first '_'" };
        var heatmaps = new Option<bool>("--pred-heatmaps") { Description = "Predictions are gray probability maps: also report pixel AUC and the best global thresholds" };
        var plot = new Option<FileInfo?>("--plot") { Description = "With --pred-heatmaps: draw the mean score of the tampered images and the false alarms against the threshold, per source, as a PNG" };
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var authentic = new Option<DirectoryInfo[]>("--authentic")
        {
            Description = "Folders of untouched images without mask files: scored as images whose true mask is empty (false alarms are counted apart)",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("score", "Contest score (F1 + IoU per image) of predicted masks against true masks")
        {
            predictions, truth, json, csv, emptyRule, groupByPrefix, heatmaps, plot, maxMegapixels, authentic,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(plot) is not null && !parsed.GetValue(heatmaps))
            {
                console.Problem("--plot: the threshold curves need gray heat maps (--pred-heatmaps)");
                return ExitCodes.UsageError;
            }
            var options = new ScoreOptions(parsed.GetValue(emptyRule), parsed.GetValue(groupByPrefix), parsed.GetValue(heatmaps));
            var scorer = new MaskScorer(CommonOptions.Loader(parsed.GetValue(maxMegapixels)));
            var report = BatchProgress.Run(console, "scoring", progress =>
                scorer.Score(parsed.GetValue(predictions)!.FullName, parsed.GetValue(truth)!.FullName, options, progress,
                    [.. (parsed.GetValue(authentic) ?? []).SelectMany(folder => MaskFolder.Open(folder.FullName).Paths).Order(StringComparer.Ordinal)]));

            console.Out.Write(ScoreTable.Build(report));
            console.Out.WriteLine($"empty-truth rule: {ScoreTable.RuleDescription(options.EmptyRule)}");
            foreach (var note in report.Notes)
                console.Error.WriteLine($"note: {note}");
            foreach (var problem in report.Problems)
                console.Problem(problem);

            if (parsed.GetValue(json) is { } jsonFile)
                ScoreReportWriter.WriteJson(report, jsonFile.FullName);
            if (parsed.GetValue(plot) is { } plotFile)
            {
                var curves = report.Groups.Append(report.Overall)
                    .Where(summary => summary.Heatmap is { Curve.Count: > 0 })
                    .Select(summary => (summary.Name, summary.Heatmap!.Curve)).ToList();
                ThresholdPlot.Save(plotFile.FullName, curves, [("0.5", 127 / 255.0)]);
            }
            if (parsed.GetValue(csv) is { } csvFile)
                ScoreReportWriter.WriteCsv(report, csvFile.FullName);
            if (report.HasProblems)
                console.Problem($"{report.Problems.Count} problem(s); unusable predictions scored 0");
            return report.HasProblems ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
        });
        return command;
    }
}
