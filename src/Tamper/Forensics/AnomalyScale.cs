using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>
/// Turns an evidence map into a 0..1 suspicion map with one rule shared by all analyzers: robust z-score
/// against the image's own statistics (median and MAD, so a small edited region does not move them),
/// then a logistic centered at <see cref="CenterZ"/> robust standard deviations. A value of 0.5 thus means
/// "3 sigma unlike the rest of this image", whatever the analyzer measures.
/// </summary>
public static class AnomalyScale
{
    public const double CenterZ = 3.0;

    /// <summary>Median and robust sigma (1.4826 MAD) of a CV_32FC1 map, from a subsample of at most ~250k values.</summary>
    public static (double Median, double Sigma) RobustStatistics(Mat map)
    {
        using var sample = Subsample(map, 250_000);
        sample.GetArray(out float[] values);
        Array.Sort(values);
        var median = values[values.Length / 2];
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Abs(values[i] - median);
        Array.Sort(values);
        var sigma = 1.4826 * values[values.Length / 2];
        return (median, sigma);
    }

    /// <summary>Suspicion of values above the typical level (one-sided).</summary>
    public static Mat HighIsSuspicious(Mat evidence, double minimumSigma) => Scale(evidence, RobustStatistics(evidence), minimumSigma, twoSided: false);

    /// <summary>As <see cref="HighIsSuspicious(Mat, double)"/>, with statistics the caller already has.</summary>
    public static Mat HighIsSuspicious(Mat evidence, (double Median, double Sigma) statistics, double minimumSigma) =>
        Scale(evidence, statistics, minimumSigma, twoSided: false);

    /// <summary>Suspicion of values far from the typical level on either side.</summary>
    public static Mat DifferentIsSuspicious(Mat evidence, double minimumSigma) => Scale(evidence, RobustStatistics(evidence), minimumSigma, twoSided: true);

    private static Mat Scale(Mat evidence, (double Median, double Sigma) statistics, double minimumSigma, bool twoSided)
    {
        var median = statistics.Median;
        var sigma = Math.Max(statistics.Sigma, minimumSigma);
        var z = new Mat();
        // z = (v - median) / sigma
        evidence.ConvertTo(z, MatType.CV_32F, 1.0 / sigma, -median / sigma);
        if (twoSided)
            Cv2.Absdiff(z, Scalar.All(0), z);
        // logistic(z - center) = 1 / (1 + exp(center - z))
        Cv2.Subtract(Scalar.All(CenterZ), z, z);
        Cv2.Min(z, Scalar.All(50), z); // keep exp finite
        Cv2.Exp(z, z);
        Cv2.Add(z, Scalar.All(1), z);
        Cv2.Divide(1.0, z, z);
        return z;
    }

    private static Mat Subsample(Mat map, int maxValues)
    {
        long count = (long)map.Rows * map.Cols;
        if (count <= maxValues)
            return map.Clone();
        var step = Math.Sqrt((double)count / maxValues);
        var size = new Size(Math.Max(1, (int)(map.Cols / step)), Math.Max(1, (int)(map.Rows / step)));
        var small = new Mat();
        Cv2.Resize(map, small, size, 0, 0, InterpolationFlags.Nearest);
        return small;
    }
}
