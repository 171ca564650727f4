using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tamper.Imaging;

namespace Tamper.Metrics;

/// <summary>Writes a <see cref="ScoreReport"/> as JSON (documented field names) or as a per-image CSV.</summary>
public static class ScoreReportWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(ScoreReport report)
    {
        var root = SummaryNode(report.Overall);
        root.Remove("name");
        root["truth"] = report.TruthFolder;
        root["predictions"] = report.PredictionFolder;
        root["empty_rule"] = RuleName(report.Options.EmptyRule);
        root["heatmaps"] = report.Options.PredictionsAreHeatmaps;
        root["groups"] = new JsonArray(report.Groups.Select(group => (JsonNode)SummaryNode(group)).ToArray());
        root["problems"] = new JsonArray(report.Problems.Select(problem => (JsonNode)JsonValue.Create(problem)!).ToArray());
        root["notes"] = new JsonArray(report.Notes.Select(note => (JsonNode)JsonValue.Create(note)!).ToArray());
        root["per_image"] = new JsonArray(report.PerImage.Select(image => (JsonNode)new JsonObject
        {
            ["id"] = image.Id,
            ["group"] = image.Group,
            ["status"] = StatusName(image.Status),
            ["score"] = image.Score,
            ["f1"] = image.F1,
            ["iou"] = image.Iou,
            ["truth_pixels"] = image.Counts.TruthPositives,
            ["predicted_pixels"] = image.Counts.PredictedPositives,
            ["true_positives"] = image.Counts.TruePositives,
            ["false_positives"] = image.Counts.FalsePositives,
            ["false_negatives"] = image.Counts.FalseNegatives,
            ["pixels"] = image.Counts.Pixels,
            ["problem"] = image.Problem,
        }).ToArray());
        return root.ToJsonString(Indented);
    }

    public static string ToCsv(ScoreReport report)
    {
        var csv = new StringBuilder("id,group,status,score,f1,iou,truth_pixels,predicted_pixels,true_positives,false_positives,false_negatives,pixels,problem\n");
        foreach (var image in report.PerImage)
        {
            csv.AppendJoin(',', Quote(image.Id), Quote(image.Group ?? ""), StatusName(image.Status),
                Number(image.Score), Number(image.F1), Number(image.Iou),
                image.Counts.TruthPositives, image.Counts.PredictedPositives, image.Counts.TruePositives,
                image.Counts.FalsePositives, image.Counts.FalseNegatives, image.Counts.Pixels, Quote(image.Problem ?? ""));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    public static void WriteJson(ScoreReport report, string path) => ImageWriter.WriteAtomically(path, Encoding.UTF8.GetBytes(ToJson(report)));

    public static void WriteCsv(ScoreReport report, string path) => ImageWriter.WriteAtomically(path, Encoding.UTF8.GetBytes(ToCsv(report)));

    public static string RuleName(EmptyTruthRule rule) => rule.ToString().ToLowerInvariant();

    public static string StatusName(ImageScoreStatus status) => status switch
    {
        ImageScoreStatus.Scored => "scored",
        ImageScoreStatus.MissingPrediction => "missing_prediction",
        ImageScoreStatus.WrongSizePrediction => "wrong_size_prediction",
        ImageScoreStatus.UnreadablePrediction => "unreadable_prediction",
        ImageScoreStatus.SkippedEmptyTruth => "skipped_empty_truth",
        _ => status.ToString(),
    };

    private static JsonObject SummaryNode(ScoreSummary summary)
    {
        var node = new JsonObject
        {
            ["name"] = summary.Name,
            ["images"] = summary.Images,
            ["skipped"] = summary.Skipped,
            ["total_score"] = summary.TotalScore,
            ["mean_score"] = summary.MeanScore,
            ["mean_f1"] = summary.MeanF1,
            ["mean_iou"] = summary.MeanIou,
            ["pooled_f1"] = summary.PooledF1,
            ["pooled_iou"] = summary.PooledIou,
            ["tampered_images"] = summary.TamperedImages,
            ["tampered_mean_score"] = summary.TamperedMeanScore,
            ["authentic_images"] = summary.AuthenticImages,
            ["false_alarms"] = summary.FalseAlarms,
            ["false_alarm_share"] = summary.FalseAlarmShare,
            ["authentic_marked_share"] = summary.AuthenticMarkedShare,
        };
        if (summary.Heatmap is { } heatmap)
        {
            node["heatmap"] = new JsonObject
            {
                ["pixel_auc"] = heatmap.PixelAuc,
                ["best_f1_threshold"] = heatmap.BestF1Threshold,
                ["best_pooled_f1"] = heatmap.BestPooledF1,
                ["best_score_threshold"] = heatmap.BestScoreThreshold,
                ["best_mean_score"] = heatmap.BestMeanScore,
            };
        }
        return node;
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
