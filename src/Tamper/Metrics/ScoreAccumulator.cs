namespace Tamper.Metrics;

/// <summary>Running totals of per-image contest scores and pooled pixel counts; holds no masks.</summary>
public sealed class ScoreAccumulator
{
    private double _scoreSum;
    private double _f1Sum;
    private double _iouSum;
    private ConfusionCounts _pooled;

    public int Images { get; private set; }

    public int Skipped { get; private set; }

    public void Add(ImageScore score)
    {
        if (!score.IsCounted)
        {
            Skipped++;
            return;
        }
        Images++;
        _scoreSum += score.Score;
        _f1Sum += score.F1;
        _iouSum += score.Iou;
        _pooled += score.Counts;
    }

    public ScoreSummary Summarise(string name, HeatmapSummary? heatmap = null) => new(
        name, Images, Skipped, _scoreSum, Mean(_scoreSum), Mean(_f1Sum), Mean(_iouSum), _pooled.F1, _pooled.Iou, heatmap);

    private double Mean(double sum) => Images == 0 ? 0 : sum / Images;
}
