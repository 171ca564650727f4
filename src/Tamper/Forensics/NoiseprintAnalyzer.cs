using System.Runtime.InteropServices;
using OpenCvSharp;
using Tamper.Model.Layers;
using Tamper.Model.Precision;
using Tamper.Model.Pretrained;
using Tamper.Model.Prediction;
using static TorchSharp.torch;
using Size = OpenCvSharp.Size;

namespace Tamper.Forensics;

/// <summary>
/// The Noiseprint++ camera-trace map (TruFor; GRIP-UNINA licence, non-profit use only) read the classical way: the
/// extractor is run frozen at full resolution, and over 64 px windows two things are compared with the rest of the
/// image: how closely the trace follows the image's own 8-px periodic pattern ("grid") and the trace's local mean and
/// spread ("statistics"). A splice from another photo carries another camera's or processing history's trace. Slow
/// (17 full-resolution 64-channel convolutions), so it is not among the analyzers run by default: name it
/// (<c>--analyzers noiseprint</c>). Detail maps: "trace" (the map itself, for viewing), "grid" and "statistics".
/// </summary>
public sealed class NoiseprintAnalyzer : IForensicAnalyzer
{
    private const int Cell = 16;
    private const int WindowCells = 4;
    private const int TileCore = 512;
    private const int Period = 8;
    // 17 convolutions 3×3: each output pixel sees 17 px on every side
    private const int Margin = NoiseprintExtractor.Layers;

    private static readonly Lazy<NoiseprintExtractor> Extractor = new(() =>
    {
        var extractor = new NoiseprintExtractor();
        NoiseprintWeights.Load(NoiseprintWeights.DefaultPath()).CopyInto(extractor);
        extractor.eval();
        // channels-last fp32: 1.3-1.4x faster than NCHW here (oneDNN); bf16 was 1.8x slower on this CPU without AMX
        ChannelsLast.Apply(extractor);
        return extractor;
    });

    public string Name => "noiseprint";

    public string Description => "Noiseprint++ camera trace (non-profit licence, slow); highlights regions with another trace";

    public AnalysisResult Analyze(ForensicInput input)
    {
        using var color = input.Image.Pixels.Channels() == 1 ? input.Image.Pixels.CvtColor(ColorConversionCodes.GRAY2BGR) : null;
        using var trace = Trace(color ?? input.Image.Pixels);
        int width = trace.Cols, height = trace.Rows;
        var cells = new Size(Math.Max(1, width / Cell), Math.Max(1, height / Cell));
        var window = new Size(Math.Min(WindowCells, cells.Width), Math.Min(WindowCells, cells.Height));

        // the trace's first two moments per window, shared by both parts
        using var mean = new Mat();
        using var squares = new Mat();
        Cv2.Resize(trace, mean, cells, 0, 0, InterpolationFlags.Area);
        using (var squared = trace.Mul(trace).ToMat())
            Cv2.Resize(squared, squares, cells, 0, 0, InterpolationFlags.Area);
        Cv2.Blur(mean, mean, window);
        Cv2.Blur(squares, squares, window);

        using var statistics = StatisticsSuspicion(mean, squares);
        using var grid = GridSuspicion(trace, mean, squares, cells, window, out double gridStrength);
        using var cellMap = new Mat();
        Cv2.Max(statistics, grid, cellMap);
        var map = Maps.ToSize(cellMap, width, height);
        var findings = new List<Finding>
        {
            new("noiseprint.inconsistent_share", $"{Maps.ShareAbove(cellMap, 0.5):P1} of the image has a Noiseprint++ trace unlike the rest (3 sigma in local mean, spread or 8-px pattern)", Maps.ShareAbove(cellMap, 0.5)),
            new("noiseprint.grid_strength", $"the trace's 8-px periodic pattern holds {gridStrength:P0} of its energy (compression or demosaicing grid)", gridStrength),
            new("noiseprint.license", NoiseprintExtractor.UseLicense, 0),
        };
        var details = new Dictionary<string, Mat>
        {
            ["trace"] = ForViewing(trace),
            // the two parts at their cell resolution (16 px)
            ["statistics"] = statistics.Clone(),
            ["grid"] = grid.Clone(),
        };
        return new AnalysisResult(Name, map, findings, details);
    }

    /// <summary>Local mean and spread of the trace over windows (from its windowed moments): regions unlike the rest in either.</summary>
    private static Mat StatisticsSuspicion(Mat mean, Mat squares)
    {
        using var logSpread = new Mat();
        using (var meanSquared = mean.Mul(mean).ToMat())
            Cv2.Subtract(squares, meanSquared, logSpread);
        Cv2.Max(logSpread, Scalar.All(1e-6), logSpread);
        Cv2.Log(logSpread, logSpread);
        logSpread.ConvertTo(logSpread, MatType.CV_32F, 0.5);
        using var meanSuspicion = AnomalyScale.DifferentIsSuspicious(mean, minimumSigma: 0.02);
        using var spreadSuspicion = AnomalyScale.DifferentIsSuspicious(logSpread, minimumSigma: 0.1);
        var suspicion = new Mat();
        Cv2.Max(meanSuspicion, spreadSuspicion, suspicion);
        return suspicion;
    }

    /// <summary>
    /// The image's own 8×8 periodic pattern in the trace (JPEG blocks, demosaicing), and per window how strongly the
    /// trace follows it (normalized correlation): a region pasted from another image lacks the host's pattern or has
    /// it shifted, so a correlation far below the image's typical one is suspicious.
    /// </summary>
    /// <param name="mean">The trace's mean per window; <paramref name="squares"/>: its mean square per window.</param>
    private static Mat GridSuspicion(Mat trace, Mat mean, Mat squares, Size cells, Size window, out double strength)
    {
        int width = trace.Cols, height = trace.Rows;
        var pattern = new double[Period * Period];
        var rows = trace.AsRows<float>();
        double sum = 0, sumSquares = 0;
        for (int row = 0; row < height; row++)
        {
            var line = rows[row];
            int phaseRow = row % Period * Period;
            for (int column = 0; column < width; column++)
            {
                pattern[phaseRow + column % Period] += line[column];
                sum += line[column];
                sumSquares += (double)line[column] * line[column];
            }
        }
        double average = sum / ((long)width * height);
        double patternEnergy = 0;
        for (int phase = 0; phase < pattern.Length; phase++)
        {
            // pixels at this phase: rows ≡ phase / Period, columns ≡ phase % Period (mod Period)
            long count = (long)((height - phase / Period + Period - 1) / Period) * ((width - phase % Period + Period - 1) / Period);
            pattern[phase] = count == 0 ? 0 : pattern[phase] / count - average;
            patternEnergy += pattern[phase] * pattern[phase] / pattern.Length;
        }
        double variance = Math.Max(1e-12, sumSquares / ((long)width * height) - average * average);
        strength = patternEnergy / variance;
        var patternRms = Math.Sqrt(Math.Max(patternEnergy, 1e-12));

        // product of the centred trace with the tiled pattern, averaged per window
        using var product = new Mat(height, width, MatType.CV_32FC1);
        var productRows = product.AsRows<float>();
        for (int row = 0; row < height; row++)
        {
            var line = rows[row];
            var productLine = productRows[row];
            int phaseRow = row % Period * Period;
            for (int column = 0; column < width; column++)
                productLine[column] = (float)(line[column] - average) * (float)(pattern[phaseRow + column % Period] / patternRms);
        }
        using var correlation = new Mat();
        Cv2.Resize(product, correlation, cells, 0, 0, InterpolationFlags.Area);
        Cv2.Blur(correlation, correlation, window);
        // the centred trace's energy per window from its moments: E[(t - a)²] = E[t²] - 2a E[t] + a²
        using var localEnergy = new Mat();
        Cv2.AddWeighted(squares, 1, mean, -2 * average, average * average, localEnergy);
        Cv2.Max(localEnergy, Scalar.All(0), localEnergy);
        Cv2.Sqrt(localEnergy, localEnergy);
        Cv2.Max(localEnergy, Scalar.All(1e-6), localEnergy);
        Cv2.Divide(correlation, localEnergy, correlation);
        // low correlation is the evidence: negate so that "high is suspicious" applies
        correlation.ConvertTo(correlation, MatType.CV_32F, -1);
        return AnomalyScale.HighIsSuspicious(correlation, minimumSigma: 0.03);
    }

    /// <summary>
    /// The extractor's map at full resolution, computed in tiles with enough margin that no seam shows; the image is
    /// mirrored at its borders first, so the edges do not read as another trace (the convolutions pad with zeros).
    /// </summary>
    public static Mat Trace(Mat bgr)
    {
        int width = bgr.Cols, height = bgr.Rows;
        var trace = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        using var padded = new Mat();
        var border = width > Margin && height > Margin ? BorderTypes.Reflect101 : BorderTypes.Replicate;
        Cv2.CopyMakeBorder(bgr, padded, Margin, Margin, Margin, Margin, border);
        var extractor = Extractor.Value;
        for (int top = 0; top < height; top += TileCore)
            for (int left = 0; left < width; left += TileCore)
            {
                var core = new Rect(left, top, Math.Min(TileCore, width - left), Math.Min(TileCore, height - top));
                // in the padded image the core starts at (left + Margin, top + Margin): the tile around it starts at (left, top)
                using var tile = new Mat(padded, new Rect(left, top, core.Width + 2 * Margin, core.Height + 2 * Margin));
                using var scope = NewDisposeScope();
                using var inference = inference_mode();
                var output = extractor.forward(ChannelsLast.Of(Predictor.ToTensor(tile)));
                var kept = output[0, 0, TensorIndex.Slice(Margin, Margin + core.Height), TensorIndex.Slice(Margin, Margin + core.Width)].contiguous();
                var values = kept.data<float>().ToArray();
                using var part = new Mat(core.Height, core.Width, MatType.CV_32FC1);
                Marshal.Copy(values, 0, part.Data, values.Length);
                using var target = new Mat(trace, core);
                part.CopyTo(target);
            }
        return trace;
    }

    private static Mat ForViewing(Mat trace)
    {
        var (median, sigma) = AnomalyScale.RobustStatistics(trace);
        var view = new Mat();
        // ±3 robust sigma around the median → 0..1
        var spread = Math.Max(sigma, 1e-6) * 6;
        trace.ConvertTo(view, MatType.CV_32F, 1.0 / spread, 0.5 - median / spread);
        Maps.Clamp01(view);
        return view;
    }
}
