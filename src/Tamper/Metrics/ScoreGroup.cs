namespace Tamper.Metrics;

/// <summary>The accumulators of one reported set of images (all images, or one id-prefix group).</summary>
internal sealed class ScoreGroup(EmptyTruthRule rule, bool heatmaps)
{
    public ScoreAccumulator Scores { get; } = new();

    public HeatmapAccumulator? Heatmaps { get; } = heatmaps ? new HeatmapAccumulator(rule) : null;

    public void Add(ImageScore score, PixelHistogram? histogram)
    {
        Scores.Add(score);
        if (histogram is not null)
            Heatmaps?.Add(histogram, predictionMissing: score.Problem is not null);
    }

    public ScoreSummary Summarize(string name) => Scores.Summarize(name, Heatmaps?.Summarize());
}
