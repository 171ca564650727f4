using OpenCvSharp;
using OpenCvSharp.Features2D;

namespace Tamper.Forensics.CopyMove;

/// <summary>
/// Copy-move by keypoints: SIFT descriptors matched against the same image (generalised ratio test, the
/// trivial self-match and near neighbors skipped), then one similarity transform per copied region by
/// repeated RANSAC, each verified densely (the region is where the image equals its transformed self).
/// Works on a gray image at working resolution; coordinates are working-resolution pixels.
/// </summary>
internal static class KeypointMatcher
{
    private const int MaxKeypoints = 6000;
    private const double Ratio = 0.6;
    private const int MinInliers = 6;
    private const int MaxRegions = 5;
    /// <summary>
    /// A pixel matches its transformed self when the mean absolute difference over 7x7 is below
    /// 1 + 0.5 x the local standard deviation: a copy agrees far better than its contrast, while two merely
    /// similar smooth areas do not. Flat pixels (deviation under 2) prove nothing and never match.
    /// </summary>
    private const double MatchBase = 1.0, MatchPerDeviation = 0.5, MinLocalDeviation = 2.0;

    public const string MethodName = "keypoints";

    /// <summary>Copied regions found from matched keypoints, at the size of <paramref name="gray"/>; the caller disposes them.</summary>
    public static List<CopyMoveMatch> Find(Mat gray, double minShift)
    {
        var results = new List<CopyMoveMatch>();
        var pairs = MatchedPairs(gray, minShift);
        while (pairs.Count >= MinInliers && results.Count < MaxRegions)
        {
            using var inlierMask = new Mat();
            using var model = Cv2.EstimateAffinePartial2D(
                InputArray.Create(pairs.Select(pair => pair.From).ToArray()),
                InputArray.Create(pairs.Select(pair => pair.To).ToArray()),
                inlierMask, RobustEstimationAlgorithms.RANSAC, ransacReprojThreshold: 3.0);
            if (model is null || model.Empty())
                break;
            inlierMask.GetArray(out byte[] flags);
            var inliers = pairs.Where((_, i) => flags[i] != 0).ToList();
            if (inliers.Count < MinInliers)
                break;
            pairs = pairs.Where((_, i) => flags[i] == 0).ToList();
            model.GetArray(out double[] transform);
            var scale = Math.Sqrt(transform[0] * transform[0] + transform[3] * transform[3]);
            var meanShift = inliers.Average(pair => Math.Sqrt(Math.Pow(pair.To.X - pair.From.X, 2) + Math.Pow(pair.To.Y - pair.From.Y, 2)));
            if (scale < 0.5 || scale > 2 || meanShift < minShift)
                continue;
            var (source, target) = Verify(gray, transform, inliers.Select(pair => pair.To).ToArray());
            if (Cv2.CountNonZero(target) == 0)
            {
                target.Dispose();
                source.Dispose();
                continue;
            }
            results.Add(new CopyMoveMatch(MethodName, transform, inliers.Count, source, target));
        }
        return results;
    }

    private static List<(Point2f From, Point2f To)> MatchedPairs(Mat gray, double minShift)
    {
        using var sift = SIFT.Create(MaxKeypoints);
        using var descriptors = new Mat();
        sift.DetectAndCompute(gray, null, out var keypoints, descriptors);
        var pairs = new List<(Point2f, Point2f)>();
        if (keypoints.Length < MinInliers)
            return pairs;
        using var matcher = new BFMatcher(NormTypes.L2);
        var neighbors = matcher.KnnMatch(descriptors, descriptors, 4);
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < neighbors.Length; i++)
        {
            var others = neighbors[i]
                .Where(match => match.TrainIdx != i && Distance(keypoints[i].Pt, keypoints[match.TrainIdx].Pt) >= minShift)
                .ToList();
            if (others.Count < 2 || others[0].Distance >= Ratio * others[1].Distance)
                continue;
            int j = others[0].TrainIdx;
            if (!seen.Add((Math.Min(i, j), Math.Max(i, j))))
                continue;
            var (a, b) = (keypoints[i].Pt, keypoints[j].Pt);
            // one orientation for all pairs, so that a region's pairs all point from source to copy
            pairs.Add(b.X > a.X || (b.X == a.X && b.Y > a.Y) ? (a, b) : (b, a));
        }
        return pairs;
    }

    /// <summary>The pixels around the inliers where the image equals itself under the transform.</summary>
    private static (Mat Source, Mat Target) Verify(Mat gray, double[] transform, Point2f[] targetPoints)
    {
        using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, transform);
        using var warped = new Mat();
        Cv2.WarpAffine(gray, warped, matrix, gray.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(-1));
        using var valid = new Mat();
        using (var ones = new Mat(gray.Size(), MatType.CV_8UC1, Scalar.All(255)))
            Cv2.WarpAffine(ones, valid, matrix, gray.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        using var difference = new Mat();
        Cv2.Absdiff(gray, warped, difference);
        difference.ConvertTo(difference, MatType.CV_32F);
        Cv2.Blur(difference, difference, new Size(7, 7));
        using var deviation = LocalDeviation(gray);
        using var tolerance = new Mat();
        deviation.ConvertTo(tolerance, MatType.CV_32F, MatchPerDeviation, MatchBase);
        using var matches = new Mat();
        Cv2.Compare(difference, tolerance, matches, CmpTypes.LT);
        using (var textured = new Mat())
        {
            Cv2.Threshold(deviation, textured, MinLocalDeviation, 255, ThresholdTypes.Binary);
            textured.ConvertTo(textured, MatType.CV_8U);
            Cv2.BitwiseAnd(matches, textured, matches); // flat pixels count only where matches enclose them (holes are filled below)
        }
        Cv2.BitwiseAnd(matches, valid, matches);

        // restrict to the neighborhood of the matched keypoints: flat areas match themselves everywhere
        using var neighborhood = new Mat(gray.Size(), MatType.CV_8UC1, Scalar.All(0));
        var hull = Cv2.ConvexHull(targetPoints.Select(p => new Point((int)p.X, (int)p.Y)).ToArray());
        Cv2.FillConvexPoly(neighborhood, hull, Scalar.All(255));
        var hullArea = Math.Max(1, Cv2.ContourArea(hull));
        int margin = (int)Math.Max(12, 0.5 * Math.Sqrt(hullArea));
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * margin + 1, 2 * margin + 1)))
            Cv2.Dilate(neighborhood, neighborhood, kernel);
        Cv2.BitwiseAnd(matches, neighborhood, matches);

        var target = RegionsContaining(matches, targetPoints);
        var source = new Mat();
        using (var inverse = new Mat())
        {
            Cv2.InvertAffineTransform(matrix, inverse);
            Cv2.WarpAffine(target, source, inverse, gray.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        }
        return (source, target);
    }

    /// <summary>Standard deviation of the gray values over 7x7 around each pixel (CV_32F).</summary>
    private static Mat LocalDeviation(Mat gray)
    {
        using var values = new Mat();
        gray.ConvertTo(values, MatType.CV_32F);
        using var mean = new Mat();
        using var meanOfSquares = new Mat();
        Cv2.Blur(values, mean, new Size(7, 7));
        Cv2.Multiply(values, values, values);
        Cv2.Blur(values, meanOfSquares, new Size(7, 7));
        Cv2.Multiply(mean, mean, mean);
        Cv2.Subtract(meanOfSquares, mean, meanOfSquares);
        Cv2.Max(meanOfSquares, Scalar.All(0), meanOfSquares);
        var deviation = new Mat();
        Cv2.Sqrt(meanOfSquares, deviation);
        return deviation;
    }

    /// <summary>Cleans a binary mask and keeps the connected regions that hold at least one of the points.</summary>
    private static Mat RegionsContaining(Mat mask, Point2f[] points)
    {
        using (var open = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3)))
            Cv2.MorphologyEx(mask, mask, MorphTypes.Open, open);
        using (var close = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(9, 9)))
            Cv2.MorphologyEx(mask, mask, MorphTypes.Close, close);
        using var labels = new Mat();
        Cv2.ConnectedComponents(mask, labels, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var keep = new HashSet<int>();
        foreach (var point in points)
        {
            int x = Math.Clamp((int)point.X, 0, mask.Cols - 1), y = Math.Clamp((int)point.Y, 0, mask.Rows - 1);
            var label = labels.At<int>(y, x);
            if (label > 0) keep.Add(label);
        }
        var result = new Mat(mask.Size(), MatType.CV_8UC1, Scalar.All(0));
        foreach (var label in keep)
        {
            using var component = new Mat();
            Cv2.InRange(labels, new Scalar(label), new Scalar(label), component);
            Cv2.BitwiseOr(result, component, result);
        }
        Cv2.FillPoly(result, ExternalContours(result), Scalar.All(255)); // fills the regions' holes
        return result;
    }

    private static Point[][] ExternalContours(Mat mask)
    {
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        return contours;
    }

    private static double Distance(Point2f a, Point2f b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
