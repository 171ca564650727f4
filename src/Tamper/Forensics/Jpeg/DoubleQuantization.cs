using OpenCvSharp;

namespace Tamper.Forensics.Jpeg;

/// <summary>
/// Aligned double-JPEG analysis after Lin et al. (2009): a JPEG compressed twice on the same grid has
/// DCT-coefficient histograms that repeat with a period set by the two quantization steps. Blocks whose
/// coefficients do not follow that pattern were most likely compressed only once (pasted from elsewhere).
/// The result is a per-8x8-block probability of "single compression" = suspicion.
/// </summary>
public static class DoubleQuantization
{
    /// <summary>Histogram half-range: quantized values in -K..K.</summary>
    public const int HalfRange = 60;

    /// <summary>The low-frequency AC modes examined (zig-zag positions 1..12, as natural indices).</summary>
    public static IReadOnlyList<int> Modes { get; } = QuantizationTable.ZigZagToNatural.Skip(1).Take(12).ToArray();

    /// <summary>Ripple amplitude (log units) needed to call a histogram periodic; sampling noise stays well below it.</summary>
    public const double MinimumStrength = 0.3;

    public static (IReadOnlyList<PeriodicMode> Periodic, Mat? BlockMap) Analyze(JpegStructure jpeg)
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
    /// The histogram's roughness is measured in the log domain: r(k) = log h(k) minus the mean of its two
    /// neighbors' logs. A smooth histogram (Laplacian or Gaussian, as single compression gives) has a
    /// constant r, removed with its weighted mean; a second compression leaves a ripple in r that repeats
    /// with the period. Strength = the ripple's amplitude at frequency 1/p, in log units, over whole
    /// periods only; the central bins (|k| &lt; 2) are left out.
    /// </summary>
    internal static (int Period, double Strength) EstimatePeriod(double[] histogram)
    {
        var roughness = new List<(int K, double R, double Weight)>();
        for (int k = -HalfRange + 1; k <= HalfRange - 1; k++)
        {
            if (Math.Abs(k) < 2) continue;
            double left = histogram[k - 1 + HalfRange], center = histogram[k + HalfRange], right = histogram[k + 1 + HalfRange];
            double level = (left + center + right) / 3;
            if (level < 10) continue; // too few samples for a log to mean anything
            double r = Math.Log(center + 1) - (Math.Log(left + 1) + Math.Log(right + 1)) / 2;
            roughness.Add((k, r, Math.Sqrt(level)));
        }
        double totalWeight = roughness.Sum(entry => entry.Weight);
        if (roughness.Count < 8 || totalWeight <= 0)
            return (1, 0);
        double mean = roughness.Sum(entry => entry.R * entry.Weight) / totalWeight;

        var best = (Period: 1, Strength: 0.0);
        for (int period = 2; period <= MaxPeriod; period++)
        {
            // whole periods on each side of zero, so the mean removal leaves no leak at 1/p
            var used = roughness.Where(entry => entry.K > 0).OrderBy(entry => entry.K).ToList();
            var negative = roughness.Where(entry => entry.K < 0).OrderByDescending(entry => entry.K).ToList();
            used = [.. used.Take(used.Count - used.Count % period), .. negative.Take(negative.Count - negative.Count % period)];
            if (used.Count < 2 * period) continue;
            double real = 0, imaginary = 0, weight = 0;
            foreach (var (k, r, w) in used)
            {
                double angle = 2 * Math.PI * k / period;
                real += w * (r - mean) * Math.Cos(angle);
                imaginary += w * (r - mean) * Math.Sin(angle);
                weight += w;
            }
            double strength = 2 * Math.Sqrt(real * real + imaginary * imaginary) / weight;
            if (strength > best.Strength * 1.2) // prefer the shortest period that explains the ripple
                best = (period, strength);
        }
        return best;
    }

    /// <summary>The longest period looked for: quality pairs as far apart as 50 and 95 give about 8.</summary>
    public const int MaxPeriod = 8;

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
