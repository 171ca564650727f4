using OpenCvSharp;
using Tamper.Model.Checkpoints;

namespace Tamper.Masking;

/// <summary>
/// The one rule that turns a learned heat map and image-level score into a mask, at an <see cref="OperatingPoint"/>:
/// heat above the threshold (and above <see cref="OperatingPoint.Relative"/> of the map's maximum), regions under the minimum share removed (<see cref="MaskPostProcessor"/>); an image
/// scored under the image threshold gets an empty mask; and with <see cref="OperatingPoint.NeverEmpty"/> an empty
/// result is replaced by the most likely region (<see cref="MostLikelyRegion"/>). Detection, validation during training,
/// calibration and the inspection page all use it, so what validation and calibration choose is what detect does.
/// </summary>
public sealed class MaskRule(OperatingPoint point)
{
    public OperatingPoint Point { get; } = point;

    public MaskPostProcessor PostProcessor { get; } = new(point.Threshold);

    /// <summary>What the rule does with the image score, in words (for findings).</summary>
    public string ImageRuleText => Point.NeverEmpty
        ? "every image is taken to be edited: the most likely region is marked when nothing passes the threshold"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"under {Point.ImageThreshold:0.00} the image is judged unedited and no region is marked");

    public Mat ToMask(Mat heatmap, double imageScore)
    {
        var mask = ThresholdFor(heatmap) is var threshold && threshold > PostProcessor.Threshold
            ? (PostProcessor with { Threshold = threshold }).ToMask(heatmap)
            : PostProcessor.ToMask(heatmap);
        if (JudgedUnedited(imageScore, Point.ImageThreshold))
            mask.SetTo(Scalar.All(0));
        if (Point.NeverEmpty && Cv2.CountNonZero(mask) == 0)
        {
            mask.Dispose();
            return MostLikelyRegion(heatmap);
        }
        return mask;
    }

    /// <summary>The pixel threshold for this heat map: the point's, raised to <see cref="OperatingPoint.Relative"/> of the map's maximum.</summary>
    public double ThresholdFor(Mat heatmap)
    {
        if (Point.Relative <= 0)
            return Point.Threshold;
        Cv2.MinMaxLoc(heatmap, out _, out double maximum);
        return Math.Max(Point.Threshold, Point.Relative * maximum);
    }

    /// <summary>The image-level part of the rule: a score under the image threshold leaves the mask empty (calibration sweeps it on counts).</summary>
    public static bool JudgedUnedited(double imageScore, double imageThreshold) => imageScore < imageThreshold;

    /// <summary>
    /// The connected region around the heat map's maximum where the heat is at least half of that maximum (the whole
    /// image for a flat map): the one guess when something must be marked and nothing passed the threshold.
    /// </summary>
    public static Mat MostLikelyRegion(Mat heatmap)
    {
        Cv2.MinMaxLoc(heatmap, out _, out double maximum, out _, out Point peak);
        using var above = new Mat();
        // a flat zero map still marks everything: the mask must not be empty
        Cv2.Threshold(heatmap, above, maximum > 0 ? maximum / 2 : -1, 255, ThresholdTypes.Binary);
        using var binary = new Mat();
        above.ConvertTo(binary, MatType.CV_8U);
        using var labels = new Mat();
        Cv2.ConnectedComponents(binary, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        int label = labels.At<int>(peak.Y, peak.X);
        var region = new Mat();
        Cv2.InRange(labels, new Scalar(label), new Scalar(label), region);
        return region;
    }
}
