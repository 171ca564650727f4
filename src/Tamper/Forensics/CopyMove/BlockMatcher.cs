using OpenCvSharp;

namespace Tamper.Forensics.CopyMove;

/// <summary>
/// Copy-move by dense block matching, for low-texture regions where keypoints are scarce: every 16x16
/// block (stride 2) is described by its 4x4 grid of 4x4-pixel means; blocks are sorted by that
/// description, near-identical neighbors in the sorted order vote for their shift, and a shift that
/// many blocks agree on is a copied region (translation only). Flat blocks and blocks that are only a
/// smooth gradient (a plane fits their means within <see cref="MinTexture"/>) are skipped: they match
/// their shifted neighbors everywhere. Coordinates are working-resolution pixels.
/// </summary>
internal static class BlockMatcher
{
    private const int BlockSize = 16;
    private const int Stride = 2;
    private const int Features = 16;
    private const float MinContrast = 2.0f;
    /// <summary>Root-mean-square residual (gray levels) of the block's means around their best plane.</summary>
    private const double MinTexture = 1.0;
    private const float Tolerance = 1.0f;
    private const int Neighbors = 8;

    public const string MethodName = "blocks";

    /// <summary>Up to three translated copies, at the size of <paramref name="gray"/>; the caller disposes them.</summary>
    public static List<CopyMoveMatch> Find(Mat gray, double minShift, IEnumerable<(double X, double Y)> knownShifts)
    {
        using var means = new Mat();
        gray.ConvertTo(means, MatType.CV_32F);
        Cv2.Blur(means, means, new Size(4, 4), new Point(0, 0));
        means.GetArray(out float[] pixels);
        int cols = gray.Cols, rows = gray.Rows;

        var positions = new List<(int X, int Y)>();
        var features = new List<float[]>();
        for (int y = 0; y + BlockSize <= rows; y += Stride)
        {
            for (int x = 0; x + BlockSize <= cols; x += Stride)
            {
                var feature = new float[Features];
                float min = float.MaxValue, max = float.MinValue;
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++)
                    {
                        var value = pixels[(y + 4 * i) * cols + x + 4 * j];
                        feature[i * 4 + j] = value;
                        min = Math.Min(min, value);
                        max = Math.Max(max, value);
                    }
                if (max - min < MinContrast || PlaneResidual(feature) < MinTexture)
                    continue;
                positions.Add((x, y));
                features.Add(feature);
            }
        }

        var order = Enumerable.Range(0, features.Count).ToArray();
        Array.Sort(order, (a, b) => Compare(features[a], features[b]));
        var votes = new Dictionary<(int, int), List<(int, int)>>();
        for (int n = 0; n < order.Length; n++)
        {
            for (int m = n + 1; m < Math.Min(order.Length, n + 1 + Neighbors); m++)
            {
                var (a, b) = (order[n], order[m]);
                if (!Similar(features[a], features[b]))
                    continue;
                var (from, to) = (positions[a], positions[b]);
                if (to.X < from.X || (to.X == from.X && to.Y < from.Y))
                    (from, to) = (to, from);
                var shift = (to.X - from.X, to.Y - from.Y);
                if (Math.Sqrt(shift.Item1 * shift.Item1 + shift.Item2 * shift.Item2) < minShift)
                    continue;
                if (!votes.TryGetValue(shift, out var list))
                    votes[shift] = list = [];
                list.Add((from.X, from.Y));
            }
        }

        int minVotes = Math.Max(24, features.Count / 2000);
        var results = new List<CopyMoveMatch>();
        var known = knownShifts.ToList();
        foreach (var (shift, sources) in votes.OrderByDescending(entry => entry.Value.Count))
        {
            if (sources.Count < minVotes || results.Count >= 3)
                break;
            if (known.Any(k => Math.Abs(k.X - shift.Item1) <= 3 && Math.Abs(k.Y - shift.Item2) <= 3))
                continue;
            known.Add((shift.Item1, shift.Item2));
            var source = new Mat(gray.Size(), MatType.CV_8UC1, Scalar.All(0));
            foreach (var (x, y) in sources)
                source[new Rect(x, y, BlockSize, BlockSize)].SetTo(Scalar.All(255));
            using (var close = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5)))
                Cv2.MorphologyEx(source, source, MorphTypes.Close, close);
            var transform = new double[] { 1, 0, shift.Item1, 0, 1, shift.Item2 };
            var target = new Mat();
            using (var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, transform))
                Cv2.WarpAffine(source, target, matrix, gray.Size(), InterpolationFlags.Nearest);
            results.Add(new CopyMoveMatch(MethodName, transform, sources.Count, source, target));
        }
        return results;
    }

    /// <summary>RMS distance of the 4x4 means from the least-squares plane a + b*i + c*j through them.</summary>
    private static double PlaneResidual(float[] feature)
    {
        double mean = 0, slopeI = 0, slopeJ = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double value = feature[i * 4 + j];
                mean += value;
                slopeI += (i - 1.5) * value;
                slopeJ += (j - 1.5) * value;
            }
        mean /= 16;
        slopeI /= 20; // sum over the grid of (i - 1.5)^2
        slopeJ /= 20;
        double squares = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double residual = feature[i * 4 + j] - (mean + slopeI * (i - 1.5) + slopeJ * (j - 1.5));
                squares += residual * residual;
            }
        return Math.Sqrt(squares / 16);
    }

    private static int Compare(float[] a, float[] b)
    {
        for (int i = 0; i < Features; i++)
        {
            int order = a[i].CompareTo(b[i]);
            if (order != 0) return order;
        }
        return 0;
    }

    private static bool Similar(float[] a, float[] b)
    {
        for (int i = 0; i < Features; i++)
            if (Math.Abs(a[i] - b[i]) > Tolerance) return false;
        return true;
    }
}
