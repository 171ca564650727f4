namespace Tamper.Training;

/// <summary>
/// Validation figures of one checkpoint, on whole images with the detector's own rule. Contest scores are
/// over the images that have tampering; images with empty masks only count as false alarms.
/// </summary>
public sealed record ValidationResult(
    double MeanScore,
    double MeanF1,
    double MeanIou,
    int Tampered,
    IReadOnlyDictionary<string, double> GroupMeans,
    int Authentic,
    int FalseAlarms,
    double Seconds)
{
    /// <summary>Share of authentic validation images given a non-empty mask.</summary>
    public double FalseAlarmShare => Authentic == 0 ? 0 : (double)FalseAlarms / Authentic;
}
