namespace Tamper.Metrics;

/// <summary>The contest's per-image score: F1 + IoU of the predicted mask, with the empty-truth rule.</summary>
public static class ContestScore
{
    public static ImageScore Of(string id, string? group, ConfusionCounts counts, EmptyTruthRule rule)
    {
        if (counts.TruthPositives > 0)
            return new ImageScore(id, group, ImageScoreStatus.Scored, counts.F1, counts.Iou, counts);
        return rule switch
        {
            EmptyTruthRule.Match when counts.PredictedPositives == 0 => new ImageScore(id, group, ImageScoreStatus.Scored, 1, 1, counts),
            EmptyTruthRule.Skip => new ImageScore(id, group, ImageScoreStatus.SkippedEmptyTruth, 0, 0, counts),
            _ => new ImageScore(id, group, ImageScoreStatus.Scored, 0, 0, counts),
        };
    }

    /// <summary>A truth image whose prediction is missing or unusable: scores 0 (unless the empty-truth rule skips it).</summary>
    public static ImageScore Failed(string id, string? group, ImageScoreStatus status, long truthPositives, long pixels, EmptyTruthRule rule, string problem)
    {
        var counts = ConfusionCounts.NothingPredicted(truthPositives, pixels);
        var finalStatus = truthPositives == 0 && rule == EmptyTruthRule.Skip ? ImageScoreStatus.SkippedEmptyTruth : status;
        return new ImageScore(id, group, finalStatus, 0, 0, counts, problem);
    }
}
