namespace Tamper.Metrics;

/// <summary>Totals over a set of images (all of them, or one group).</summary>
/// <param name="TamperedImages">Counted images whose true mask is not empty.</param>
/// <param name="TamperedMeanScore">Mean score over those images alone: the localization figure without the authentic ones.</param>
/// <param name="AuthenticImages">Images whose true mask is empty (counted or skipped by the empty-truth rule).</param>
/// <param name="FalseAlarms">Authentic images that got a non-empty prediction, whatever the empty-truth rule.</param>
/// <param name="AuthenticMarkedShare">Mean share of the pixels marked in the authentic images.</param>
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
    HeatmapSummary? Heatmap,
    int TamperedImages,
    double TamperedMeanScore,
    int AuthenticImages,
    int FalseAlarms,
    double AuthenticMarkedShare)
{
    /// <summary>False alarms as a share of the authentic images (0 when there are none).</summary>
    public double FalseAlarmShare => AuthenticImages == 0 ? 0 : (double)FalseAlarms / AuthenticImages;
}
