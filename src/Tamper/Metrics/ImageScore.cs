namespace Tamper.Metrics;

/// <summary>The contest score of one image: F1 + IoU of its predicted mask (0..2).</summary>
public sealed record ImageScore(string Id, string? Group, ImageScoreStatus Status, double F1, double Iou, ConfusionCounts Counts, string? Problem = null)
{
    public double Score => F1 + Iou;

    /// <summary>Counted in totals and means (everything except images skipped by the empty-truth rule).</summary>
    public bool IsCounted => Status != ImageScoreStatus.SkippedEmptyTruth;
}
