using OpenCvSharp;

namespace Tamper.Masking;

/// <summary>
/// Heat map to mask: threshold, then drop connected regions smaller than a share of the image
/// (isolated specks are noise, and cost more in F1 than they can gain).
/// </summary>
public sealed record MaskPostProcessor(double Threshold = 0.5, double MinRegionShare = 0.001, int MinRegionPixels = 64)
{
    public Mat ToMask(Mat heatmap)
    {
        // straight to 8 bits (255 where heat > threshold): no float copy of the map (160 MB at 40 MP)
        var mask = new Mat();
        Cv2.Compare(heatmap, Scalar.All(Threshold), mask, CmpTypes.GT);
        RemoveSmallRegions(mask);
        return mask;
    }

    public void RemoveSmallRegions(Mat mask)
    {
        long minimum = Math.Max(MinRegionPixels, (long)(MinRegionShare * mask.Rows * mask.Cols));
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        int count = Cv2.ConnectedComponentsWithStats(mask, labels, stats, centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        for (int label = 1; label < count; label++)
        {
            if (stats.At<int>(label, (int)ConnectedComponentsTypes.Area) >= minimum)
                continue;
            var box = new Rect(stats.At<int>(label, 0), stats.At<int>(label, 1), stats.At<int>(label, 2), stats.At<int>(label, 3));
            using var inBox = new Mat();
            Cv2.InRange(labels[box], new Scalar(label), new Scalar(label), inBox);
            mask[box].SetTo(Scalar.All(0), inBox);
        }
    }
}
