using OpenCvSharp;

namespace Tamper.Forensics.Jpeg;

/// <summary>
/// Aligned double-JPEG analysis after Lin et al. (2009): a JPEG compressed twice on the same grid has
/// DCT-coefficient histograms that repeat with a period set by the two quantisation steps. Blocks whose
/// coefficients do not follow that pattern were most likely compressed only once (pasted from elsewhere).
/// The result is a per-8x8-block probability of "single compression" = suspicion.
/// </summary>
public static class DoubleQuantisation
{
    /// <summary>Histogram half-range: quantised values in -K..K.</summary>
    public const int HalfRange = 60;

    /// <summary>The low-frequency AC modes examined (zig-zag positions 1..12, as natural indices).</summary>
    public static IReadOnlyList<int> Modes { get; } = QuantisationTable.ZigZagToNatural.Skip(1).Take(12).ToArray();

    /// <summary>Periodicity strength needed to call a histogram periodic (0 = none, 1 = every other bin empty).</summary>
    public const double MinimumStrength = 0.3;

    public static (IReadOnlyList<PeriodicMode> Periodic, Mat? BlockMap) Analyse(JpegStructure jpeg)
    {
        var periodic = new List<PeriodicMode>();
        var histograms = new Dictionary<int, double[]>();
        foreach (var mode in Modes)
        {
            var histogram = Histogram(jpeg, mode);
            histograms[mode] = histogram;
            var (period, strength) = EstimatePeriod(histogram);
            if (period > 1 && strength >= MinimumStrength)
                periodic.Add(new PeriodicMode(mode, period, strength));
        }
        if (periodic.Count < 2)
            return (periodic, null);
        return (periodic, BlockProbabilities(jpeg, periodic, histograms));
    }

    private static double[] Histogram(JpegStructure jpeg, int mode)
    {
        var histogram = new double[2 * HalfRange + 1];
        var coefficients = jpeg.LumaCoefficients;
        for (long offset = mode; offset < coefficients.LongLength; offset += 64)
        {
            int value = coefficients[offset];
            if (value >= -HalfRange && value <= HalfRange)
                histogram[value + HalfRange]++;
        }
        return histogram;
    }

    /// <summary>
    /// For each candidate period p: divide the histogram by its width-p moving average (which removes a
    /// period-p ripple but keeps the smooth shape), and measure the ripple left at frequency 1/p.
    /// </summary>
    internal static (int Period, double Strength) EstimatePeriod(double[] histogram)
    {
        var best = (Period: 1, Strength: 0.0);
        for (int period = 2; period <= 12; period++)
        {
            double real = 0, imaginary = 0, weight = 0;
            for (int index = 0; index < histogram.Length; index++)
            {
                int k = index - HalfRange;
                if (k == 0) continue; // the zero bin is large for every image
                double smooth = 0;
                int count = 0;
                for (int j = index - period / 2; j < index - period / 2 + period; j++)
                {
                    if (j < 0 || j >= histogram.Length) continue;
                    smooth += histogram[j];
                    count++;
                }
                if (count < period) continue;
                smooth /= count;
                if (smooth < 5) continue; // too few samples to tell a ripple from noise
                double ripple = histogram[index] / smooth - 1;
                double angle = 2 * Math.PI * k / period;
                real += smooth * ripple * Math.Cos(angle);
                imaginary += smooth * ripple * Math.Sin(angle);
                weight += smooth;
            }
            if (weight < 200) continue;
            double strength = Math.Sqrt(real * real + imaginary * imaginary) / weight;
            if (strength > best.Strength * 1.2) // prefer the shortest period that explains the ripple
                best = (period, strength);
        }
        return best;
    }

    private static Mat BlockProbabilities(JpegStructure jpeg, IReadOnlyList<PeriodicMode> periodic, Dictionary<int, double[]> histograms)
    {
        var logOdds = new float[jpeg.BlocksHigh * jpeg.BlocksWide];
        foreach (var mode in periodic)
        {
            var histogram = histograms[mode.Frequency];
            int p = mode.Period;
            for (int block = 0; block < logOdds.Length; block++)
            {
                int value = jpeg.LumaCoefficients[(long)block * 64 + mode.Frequency];
                if (value < -HalfRange || value > HalfRange) continue;
                int start = (int)Math.Floor(value / (double)p) * p;
                double periodTotal = 0;
                for (int j = start; j < start + p; j++)
                    if (j >= -HalfRange && j <= HalfRange) periodTotal += histogram[j + HalfRange];
                double untampered = periodTotal > 0 ? histogram[value + HalfRange] / periodTotal : 1.0 / p;
                double tampered = 1.0 / p;
                logOdds[block] += (float)(Math.Log(tampered + 1e-6) - Math.Log(untampered + 1e-6));
            }
        }
        var map = new Mat(jpeg.BlocksHigh, jpeg.BlocksWide, MatType.CV_32FC1);
        map.SetArray(logOdds.Select(l => (float)(1 / (1 + Math.Exp(-Math.Clamp(l, -50, 50))))).ToArray());
        // A single block says little; a region of single-compressed blocks is the finding.
        Cv2.Blur(map, map, new Size(5, 5));
        return map;
    }
}
