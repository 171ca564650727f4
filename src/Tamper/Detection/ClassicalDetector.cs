using System.Diagnostics;
using System.Runtime.ExceptionServices;
using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Masking;

namespace Tamper.Detection;

/// <summary>
/// The classical detector: runs the forensic analyzers one at a time and fuses their maps with a fixed,
/// documented rule (no parameter was fitted to any dataset):
/// <list type="number">
/// <item>strong evidence, taken as it is: copy-move regions (geometrically verified) and, when the
/// JPEG analyzer found aligned double compression, its single-compression map;</item>
/// <item>weak evidence, averaged: ELA, noise inconsistency, JPEG ghosts and the blocking-grid map;</item>
/// <item>fused = max(strong maps..., mean of weak maps), smoothed with a Gaussian of sigma = 0.5 % of the
/// image diagonal; mask = fused above 0.5 with regions under 0.1 % of the image removed.</item>
/// </list>
/// Where the copy-move analyzer found bit-exact copies (a lossless file: <see cref="CopyMoveAnalyzer.ExactFinding"/>), its map
/// alone is the fused map, as in the fused detector: such copies are verified on their own, and the weak evidence of
/// the screenshots they are found in is mostly their text and flat panels (measured on real-dev: stfd 0.109 → 0.34).
/// The image score is the 99.9th percentile of the fused map.
/// </summary>
public sealed class ClassicalDetector(IReadOnlyList<IForensicAnalyzer> analyzers, MaskPostProcessor? postProcessor = null) : IDetector
{
    /// <summary>The analyzers it runs, in order.</summary>
    public IReadOnlyList<IForensicAnalyzer> Analyzers => analyzers;

    public const string MethodName = "classical";

    public string Method => MethodName;

    public MaskPostProcessor PostProcessor { get; } = postProcessor ?? new MaskPostProcessor();

    public static ClassicalDetector Default() => new(AnalyzerRegistry.Parse(null));

    /// <summary>Above this many pixels the analyzers run one at a time (memory; measured on a 40 MP JPEG).</summary>
    public const long LargeImagePixels = 24_000_000;

    /// <summary>
    /// Called with each analyzer's result and seconds, in the analyzers' order, before the result is released: the
    /// inspection page shows these maps instead of running every analyzer a second time. Set by one user at a time.
    /// </summary>
    public Action<IForensicAnalyzer, AnalysisResult, double>? Observer { get; set; }

    public DetectionResult Detect(ForensicInput input) => Detect(input, observe: null);

    /// <param name="observe">Called like <see cref="Observer"/> (after it) with each analyzer's result, for one call only.</param>
    public DetectionResult Detect(ForensicInput input, Action<IForensicAnalyzer, AnalysisResult, double>? observe)
    {
        int width = input.Image.Width, height = input.Image.Height;
        // both allocated with the first map they take (160 MB each at 40 MP): an image without strong evidence, the
        // usual case, never holds the strong one
        Mat? strong = null;
        Mat? weakSum = null;
        Mat? exactCopies = null;
        int weakCount = 0;
        var findings = new List<Finding>();
        var seconds = new Dictionary<string, double>();
        // the analyzers are independent and mostly single-threaded: run them side by side on the cores. Each map is
        // fused as soon as every analyzer before it is done (in their fixed order, so the result does not depend on
        // which finished first) and released at once: a 40 MP image never holds all six maps. Above LargeImagePixels
        // they run one at a time, since each one's working copies of such an image cost hundreds of MB.
        var results = new AnalysisResult?[analyzers.Count];
        var times = new double[analyzers.Count];
        var gate = new object();
        int next = 0;
        void FuseReady()
        {
            for (; next < analyzers.Count && results[next] is { } result; next++)
            {
                using (result)
                {
                    Observer?.Invoke(analyzers[next], result, times[next]);
                    observe?.Invoke(analyzers[next], result, times[next]);
                    seconds[analyzers[next].Name] = times[next];
                    findings.AddRange(result.Findings);
                    if (result.Map is null)
                        continue;
                    if (CopyMoveAnalyzer.FoundExactCopies(result))
                    {
                        // the whole fused map, below: not also folded into the strong one
                        exactCopies = result.Map.Clone();
                        continue;
                    }
                    if (result.StrongEvidence)
                    {
                        if (strong is not null)
                            Cv2.Max(strong, result.Map, strong);
                        else if (Cv2.CountNonZero(result.Map) > 0)
                            strong = result.Map.Clone();
                    }
                    else if (weakSum is null)
                    {
                        weakSum = result.Map.Clone();
                        weakCount = 1;
                    }
                    else
                    {
                        Cv2.Add(weakSum, result.Map, weakSum);
                        weakCount++;
                    }
                }
                results[next] = null;
            }
        }
        try
        {
            int parallel = (long)width * height > LargeImagePixels ? 1 : Environment.ProcessorCount;
            Parallel.For(0, analyzers.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, index =>
            {
                var clock = Stopwatch.StartNew();
                var result = analyzers[index].Analyze(input);
                lock (gate)
                {
                    times[index] = clock.Elapsed.TotalSeconds;
                    results[index] = result;
                    FuseReady();
                }
            });
        }
        catch (AggregateException e)
        {
            foreach (var result in results)
                result?.Dispose();
            strong?.Dispose();
            weakSum?.Dispose();
            exactCopies?.Dispose();
            // the batch runner tells bad input from bugs by the exception's type: rethrow the analyzer's own
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        // fused = max(strong maps..., mean of weak maps), in whichever of the two maps exists; exact copies alone where found
        Mat fused;
        if (exactCopies is not null)
        {
            fused = exactCopies;
            strong?.Dispose();
            weakSum?.Dispose();
        }
        else if (weakSum is not null)
        {
            Cv2.Divide(weakSum, Scalar.All(weakCount), weakSum);
            fused = weakSum;
            if (strong is not null)
            {
                Cv2.Max(fused, strong, fused);
                strong.Dispose();
            }
        }
        else
            fused = strong ?? new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        var sigma = Math.Max(1.0, 0.005 * Math.Sqrt((double)width * width + (double)height * height));
        Cv2.GaussianBlur(fused, fused, new Size(0, 0), sigma);
        var mask = PostProcessor.ToMask(fused);
        return new DetectionResult(fused, mask, Percentile(fused, 0.999), findings, seconds);
    }

    private static double Percentile(Mat map, double percentile)
    {
        using var small = new Mat();
        var scale = Math.Min(1.0, Math.Sqrt(1_000_000.0 / ((long)map.Rows * map.Cols)));
        Cv2.Resize(map, small, new Size(), scale, scale, InterpolationFlags.Area);
        small.GetArray(out float[] values);
        Array.Sort(values);
        return values[(int)((values.Length - 1) * percentile)];
    }
}
