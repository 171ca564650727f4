using System.Globalization;
using Spectre.Console;
using Tamper.Metrics;

namespace Tamper.Cli.Output;

/// <summary>Renders a score report as a readable table: one row per group, then the overall row.</summary>
public static class ScoreTable
{
    public static Table Build(ScoreReport report)
    {
        var heatmaps = report.Options.PredictionsAreHeatmaps;
        var authentic = report.Overall.AuthenticImages > 0;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("set").AddColumn(new TableColumn("images").RightAligned())
            .AddColumn(new TableColumn("total score").RightAligned()).AddColumn(new TableColumn("mean score").RightAligned())
            .AddColumn(new TableColumn("mean F1").RightAligned()).AddColumn(new TableColumn("mean IoU").RightAligned())
            .AddColumn(new TableColumn("pooled F1").RightAligned()).AddColumn(new TableColumn("pooled IoU").RightAligned());
        if (authentic)
        {
            // with authentic images among the truths, the localization figure and the false alarms are shown apart
            table.AddColumn(new TableColumn("mean score (tampered)").RightAligned())
                .AddColumn(new TableColumn("false alarms (authentic)").RightAligned());
        }
        if (heatmaps)
        {
            table.AddColumn(new TableColumn("pixel AUC").RightAligned())
                .AddColumn(new TableColumn("best F1 (thr)").RightAligned())
                .AddColumn(new TableColumn("best mean score (thr)").RightAligned());
        }
        foreach (var group in report.Groups)
            table.AddRow(Cells(group, heatmaps, authentic));
        if (report.Groups.Count > 0)
            table.AddEmptyRow();
        table.AddRow(Cells(report.Overall, heatmaps, authentic, bold: true));
        return table;
    }

    public static string RuleDescription(EmptyTruthRule rule) => rule switch
    {
        EmptyTruthRule.Match => "match (empty truth: empty prediction scores 1 + 1, anything predicted 0 + 0)",
        EmptyTruthRule.Zero => "zero (empty truth always scores 0 + 0)",
        EmptyTruthRule.Skip => "skip (images with an empty truth are left out)",
        _ => rule.ToString(),
    };

    private static string[] Cells(ScoreSummary summary, bool heatmaps, bool authentic, bool bold = false)
    {
        var images = summary.Skipped > 0 ? $"{summary.Images} (+{summary.Skipped} skipped)" : summary.Images.ToString(CultureInfo.InvariantCulture);
        var cells = new List<string>
        {
            bold ? $"[bold]{Markup.Escape(summary.Name)}[/]" : Markup.Escape(summary.Name), images,
            F(summary.TotalScore, "0.000"), bold ? $"[bold]{F(summary.MeanScore)}[/]" : F(summary.MeanScore),
            F(summary.MeanF1), F(summary.MeanIou), F(summary.PooledF1), F(summary.PooledIou),
        };
        if (authentic)
        {
            cells.Add(summary.TamperedImages == 0 ? "n/a" : F(summary.TamperedMeanScore));
            cells.Add(summary.AuthenticImages == 0 ? "n/a"
                : $"{summary.FalseAlarms}/{summary.AuthenticImages} ({summary.AuthenticMarkedShare.ToString("0.0%", CultureInfo.InvariantCulture)} of the area)");
        }
        if (heatmaps && summary.Heatmap is { } h)
        {
            cells.Add(h.PixelAuc is { } auc ? F(auc) : "n/a");
            cells.Add($"{F(h.BestPooledF1)} (>{h.BestF1Threshold})");
            cells.Add($"{F(h.BestMeanScore)} (>{h.BestScoreThreshold})");
        }
        return [.. cells];
    }

    private static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);
}
