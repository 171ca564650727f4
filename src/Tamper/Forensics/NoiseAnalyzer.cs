using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>
/// Local noise level from a high-pass residual (Immerkaer's 3x3 operator, which cancels flat areas and
/// straight edges, an SRM-style filter): a spliced region usually carries the noise of another camera,
/// ISO or processing. Map: regions whose noise level (log sigma over 32 px windows) is unlike the
/// rest's, in either direction; detail map "level": the noise level itself, relative to its 99th percentile.
/// </summary>
public sealed class NoiseAnalyzer : IForensicAnalyzer
{
    private const int Cell = 16;

    public string Name => "noise";

    public string Description => "local noise level from a high-pass residual; highlights inconsistent regions";

    public AnalysisResult Analyze(ForensicInput input)
    {
        using var gray = Maps.Gray(input.Image.Pixels);
        using var residual = new Mat();
        using (var kernel = Mat.FromPixelData(3, 3, MatType.CV_32FC1, new float[] { 1, -2, 1, -2, 4, -2, 1, -2, 1 }))
        using (var grayFloat = new Mat())
        {
            gray.ConvertTo(grayFloat, MatType.CV_32F);
            Cv2.Filter2D(grayFloat, residual, MatType.CV_32F, kernel, borderType: BorderTypes.Reflect);
        }
        Cv2.Absdiff(residual, Scalar.All(0), residual);
        // mean |residual| per 16 px cell, then over 2x2 cells; sigma = sqrt(pi/2) / 6 * mean |residual|
        using var level = new Mat();
        var cells = new Size(Math.Max(1, gray.Cols / Cell), Math.Max(1, gray.Rows / Cell));
        Cv2.Resize(residual, level, cells, 0, 0, InterpolationFlags.Area);
        Cv2.Blur(level, level, new Size(2, 2));
        level.ConvertTo(level, MatType.CV_32F, Math.Sqrt(Math.PI / 2) / 6);
        using var logLevel = new Mat();
        Cv2.Add(level, Scalar.All(0.1), logLevel);
        Cv2.Log(logLevel, logLevel);

        var (median, sigma) = AnomalyScale.RobustStatistics(level);
        using var cellMap = AnomalyScale.DifferentIsSuspicious(logLevel, minimumSigma: 0.15);
        var map = Maps.ToSize(cellMap, gray.Cols, gray.Rows);
        var relative = RelativeToPercentile(level, 0.99);
        var findings = new List<Finding>
        {
            new("noise.median_sigma", $"median noise level sigma = {median:0.00} gray levels (robust spread {sigma:0.00})", median),
            new("noise.inconsistent_share", $"{Maps.ShareAbove(cellMap, 0.5):P1} of the image has a noise level unlike the rest (3 sigma in log level)", Maps.ShareAbove(cellMap, 0.5)),
        };
        return new AnalysisResult(Name, map, findings, new Dictionary<string, Mat> { ["level"] = relative });
    }

    private static Mat RelativeToPercentile(Mat values, double percentile)
    {
        values.GetArray(out float[] data);
        var sorted = (float[])data.Clone();
        Array.Sort(sorted);
        var top = Math.Max(1e-3, sorted[(int)((sorted.Length - 1) * percentile)]);
        var relative = new Mat();
        values.ConvertTo(relative, MatType.CV_32F, 1.0 / top);
        Maps.Clamp01(relative);
        return relative;
    }
}
