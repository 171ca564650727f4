namespace Tamper.Metrics;

/// <summary>Totals over a set of images (all of them, or one group).</summary>
public sealed record ScoreSummary(
    string Name,
    int Images,
    int Skipped,
    double TotalScore,
    double MeanScore,
    double MeanF1,
    double MeanIou,
    double PooledF1,
    double PooledIou,
    HeatmapSummary? Heatmap);
