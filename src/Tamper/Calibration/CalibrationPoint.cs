namespace Tamper.Calibration;

/// <summary>One setting of the two thresholds and what it scored on the calibration images.</summary>
/// <param name="MeanScore">Mean contest score over all images (an authentic image scores 2 with an empty mask, else 0).</param>
/// <param name="TamperedMean">Mean contest score over the images with tampering.</param>
/// <param name="FalseAlarmShare">Share of authentic images given a non-empty mask.</param>
/// <param name="AuthenticImages">How many of the calibration images are authentic (empty true mask).</param>
/// <param name="NeverEmpty">The contest rule: no image threshold, the most likely region marked when nothing passes.</param>
public sealed record CalibrationPoint(double Threshold, double ImageThreshold, double MeanScore, double TamperedMean, double FalseAlarmShare, int AuthenticImages = 0, bool NeverEmpty = false)
{
    /// <summary>The contest rule's share of each map's maximum a pixel must also reach (<see cref="Model.Checkpoints.OperatingPoint.Relative"/>; 0: none).</summary>
    public double Relative { get; init; }

    /// <summary>The contest rule's largest share of the image (<see cref="Model.Checkpoints.OperatingPoint.MaxShare"/>; 0: no limit).</summary>
    public double MaxShare { get; init; }

    /// <summary>The contest rule's growth over connected warm pixels (<see cref="Model.Checkpoints.OperatingPoint.Grow"/>; 0: none).</summary>
    public double Grow { get; init; }

    /// <summary>Whether the contest rule fills the mask's holes (<see cref="Model.Checkpoints.OperatingPoint.FillHoles"/>).</summary>
    public bool FillHoles { get; init; }

    /// <summary>Mean score over the tampered images of each source (file-name prefix up to the first '_').</summary>
    public IReadOnlyDictionary<string, double>? TamperedGroupMeans { get; init; }
}
