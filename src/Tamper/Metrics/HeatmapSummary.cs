namespace Tamper.Metrics;

/// <summary>
/// Figures only gray-level probability maps allow. Thresholds are gray levels: tampered where the value
/// is above the threshold (127 is the contest's binarization).
/// </summary>
public sealed record HeatmapSummary(
    double? PixelAuc,
    int BestF1Threshold,
    double BestPooledF1,
    int BestScoreThreshold,
    double BestMeanScore)
{
    /// <summary>Mean score of the tampered images and false-alarm share at every threshold (not written to reports).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ThresholdPoint> Curve { get; init; } = [];
}
