using OpenCvSharp;
using Tamper.Model.Checkpoints;

namespace Tamper.Masking;

/// <summary>
/// The one rule that turns a learned heat map and image-level score into a mask, at an <see cref="OperatingPoint"/>:
/// heat above the threshold (and above <see cref="OperatingPoint.Relative"/> of the map's maximum, and at most <see cref="OperatingPoint.MaxShare"/> of the image), regions under the minimum share removed (<see cref="MaskPostProcessor"/>), grown over their warm surroundings (<see cref="OperatingPoint.Grow"/>), their holes filled (<see cref="OperatingPoint.FillHoles"/>); an image
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
        double threshold = ThresholdFor(heatmap);
        var mask = threshold > PostProcessor.Threshold
            ? (PostProcessor with { Threshold = threshold }).ToMask(heatmap)
            : PostProcessor.ToMask(heatmap);
        if (JudgedUnedited(imageScore, Point.ImageThreshold))
            mask.SetTo(Scalar.All(0));
        if (Point.NeverEmpty && Cv2.CountNonZero(mask) == 0)
        {
            mask.Dispose();
            return MostLikelyRegion(heatmap);
        }
        if (Point.Grow > 0)
            GrowInto(mask, heatmap, Point.Grow * Math.Max(threshold, PostProcessor.Threshold));
        if (Point.FillHoles)
            FillHoles(mask);
        return mask;
    }

    /// <summary>
    /// The pixel threshold for this heat map: the point's, raised to <see cref="OperatingPoint.Relative"/> of the map's
    /// maximum and to the level only <see cref="OperatingPoint.MaxShare"/> of its pixels exceed.
    /// </summary>
    public double ThresholdFor(Mat heatmap)
    {
        double maximum = 0, shareLevel = 0;
        if (Point.Relative > 0)
            Cv2.MinMaxLoc(heatmap, out _, out maximum);
        if (Point.MaxShare > 0)
            shareLevel = LevelExceededBy(heatmap, Point.MaxShare);
        return ThresholdFor(Point, maximum, shareLevel);
    }

    /// <summary>
    /// The same from a map's maximum and the level its <see cref="OperatingPoint.MaxShare"/> exceeds (0 without a
    /// limit; calibration computes both once per map).
    /// </summary>
    public static double ThresholdFor(OperatingPoint point, double maximum, double shareLevel) =>
        Math.Max(point.Threshold, Math.Max(point.Relative * maximum, shareLevel));

    /// <summary>
    /// The lowest heat level (0..1, in steps of 1/1024) that at most <paramref name="share"/> of the map's pixels exceed
    /// (a histogram, not a sort: the map may have 40 million pixels).
    /// </summary>
    public static double LevelExceededBy(Mat heatmap, double share)
    {
        const int Bins = 1024;
        // bins a little wider than 1/1024, so the last one also holds exactly 1.0
        const double Width = (1 + 1.0 / Bins) / Bins;
        using var histogram = new Mat();
        Cv2.CalcHist([heatmap], [0], null, histogram, 1, [Bins], [new Rangef(0, (float)(Bins * Width))]);
        histogram.GetArray(out float[] counts);
        double allowed = share * heatmap.Rows * heatmap.Cols, above = 0;
        for (int bin = Bins - 1; bin >= 0; bin--)
        {
            if (above + counts[bin] > allowed)
                return (bin + 1) * Width;
            above += counts[bin];
        }
        return 0;
    }

    /// <summary>
    /// Adds to <paramref name="mask"/> (0/255) every pixel whose heat reaches <paramref name="level"/> and that is connected
    /// (8-neighbourhood) to a marked pixel through such pixels: hysteresis thresholding with the mask as the strong part.
    /// </summary>
    public static void GrowInto(Mat mask, Mat heatmap, double level)
    {
        using var reachable = new Mat();
        Cv2.InRange(heatmap, new Scalar(level), new Scalar(double.MaxValue), reachable);
        // every marked pixel is a seed and stays marked, whatever its heat
        Cv2.BitwiseOr(reachable, mask, reachable);
        using var labels = new Mat();
        int count = Cv2.ConnectedComponents(reachable, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var touched = new bool[count];
        var labelRows = labels.AsRows<int>();
        var maskRows = mask.AsRows<byte>();
        int rows = mask.Rows, columns = mask.Cols;
        for (int row = 0; row < rows; row++)
        {
            var labelLine = labelRows[row];
            var maskLine = maskRows[row];
            for (int column = 0; column < columns; column++)
                if (maskLine[column] != 0)
                    touched[labelLine[column]] = true;
        }
        for (int row = 0; row < rows; row++)
        {
            var labelLine = labelRows[row];
            var maskLine = maskRows[row];
            for (int column = 0; column < columns; column++)
                maskLine[column] = touched[labelLine[column]] ? (byte)255 : (byte)0;
        }
    }

    /// <summary>Marks every unmarked area that <paramref name="mask"/> (0/255) encloses: each outer contour drawn filled.</summary>
    public static void FillHoles(Mat mask)
    {
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxNone);
        Cv2.DrawContours(mask, contours, -1, Scalar.All(255), thickness: -1);
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
