using OpenCvSharp;
using Tamper.Forensics;

namespace Tamper.Detection;

/// <summary>
/// What a detector says about one image: a heat map (CV_32FC1, image size, 0..1), the binary mask
/// (CV_8UC1, 0/255) derived from it, an image-level score (0..1) and the findings behind it.
/// </summary>
public sealed class DetectionResult : IDisposable
{
    public DetectionResult(Mat heatmap, Mat mask, double imageScore, IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, double> secondsPerStep)
    {
        Heatmap = heatmap;
        Mask = mask;
        ImageScore = imageScore;
        Findings = findings;
        SecondsPerStep = secondsPerStep;
    }

    public Mat Heatmap { get; }

    public Mat Mask { get; }

    /// <summary>How likely the image is edited at all; the mask is empty when the detector judges it authentic.</summary>
    public double ImageScore { get; }

    public IReadOnlyList<Finding> Findings { get; }

    public IReadOnlyDictionary<string, double> SecondsPerStep { get; }

    public double TamperedShare => (double)Cv2.CountNonZero(Mask) / ((long)Mask.Rows * Mask.Cols);

    public void Dispose()
    {
        Heatmap.Dispose();
        Mask.Dispose();
    }
}
