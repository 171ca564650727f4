using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Fusion;
using Tamper.Masking;

namespace Tamper.Detection;

/// <summary>
/// <c>fused</c>: the learned detector and the classical one on the same image, combined by the model file's learned
/// fusion when <c>tamper fuse</c> fitted one (<see cref="FusionWeights"/>: heat and image score from the model's map, the
/// classical map and each analyzer's, on a grid of at most a megapixel), otherwise by a fixed rule chosen before any
/// measurement: heat = the mean of the two heat maps (each alone can reach 0.5 only where it is sure; where both see
/// something, it adds up), image score = the learned model's. The mask follows the model's <c>fused</c> operating
/// point (<see cref="MaskRule"/>); the learned detector's own mask is not used.
/// </summary>
/// <param name="fusionAnalyzers">Optional analyzers (<see cref="FusionFeatures.OptionalAnalyzerDetails"/>) run beside the classical
/// detector for the learned fusion only: their detail maps are fusion features and do not enter the classical heat map.</param>
public sealed class FusedDetector(LearnedDetector learned, ClassicalDetector classical, IReadOnlyList<IForensicAnalyzer>? fusionAnalyzers = null) : IDetector, IDisposable
{
    public const string MethodName = "fused";

    public string Method => MethodName;

    /// <summary>The classical half (its analyzers' results can be observed, see <see cref="ClassicalDetector.Observer"/>).</summary>
    public ClassicalDetector Classical => classical;

    /// <summary>The optional analyzers run for the fusion (those its weights name, or those a fit was asked to weigh).</summary>
    public IReadOnlyList<IForensicAnalyzer> FusionAnalyzers { get; } = fusionAnalyzers ?? [];

    public MaskPostProcessor PostProcessor => learned.PostProcessor;

    public double ImageThreshold => learned.ImageThreshold;

    public string? ModelPath => learned.ModelPath;

    public string? OperatingPoint => learned.OperatingPoint;

    public DetectionResult Detect(ForensicInput input) =>
        learned.Description.Fusion is { } fusion ? DetectWith(fusion, input) : DetectByMean(input);

    private DetectionResult DetectWith(FusionWeights fusion, ForensicInput input)
    {
        var (evidence, findings, seconds) = Collect(input);
        using (evidence)
        {
            using var gridHeat = fusion.Heat(evidence);
            var heat = new Mat();
            Cv2.Resize(gridHeat, heat, new Size(input.Image.Width, input.Image.Height), 0, 0, InterpolationFlags.Linear);
            var score = fusion.ImageScore(evidence);
            var mask = learned.Rule.ToMask(heat, score);
            // the model's own finding states its rule with the model's score; here the fused score is what the rule judges
            double modelScore = evidence.Image(FusionFeatures.ModelScore);
            findings.RemoveAll(finding => finding.Key == LearnedDetector.ImageScoreFinding);
            findings.Insert(0, new Finding("fused.image-score", string.Create(CultureInfo.InvariantCulture,
                $"image-level score {score:0.00}: the model's ({modelScore:0.00}) and the analyzers' evidence weighed by the model file's learned fusion (operating point {learned.OperatingPointName}: {learned.Rule.ImageRuleText})"), score));
            return new DetectionResult(heat, mask, score, findings, seconds);
        }
    }

    /// <summary>
    /// What the learned fusion weighs, on its grid (also what <c>tamper fuse</c> fits on), with the findings and the
    /// seconds of both halves. With an <see cref="Cache"/> holding this image's evidence, neither half runs and there
    /// are no findings or seconds. The caller disposes the evidence.
    /// </summary>
    public (FusionEvidence Evidence, List<Finding> Findings, Dictionary<string, double> Seconds) Collect(ForensicInput input)
    {
        var grid = FusionFeatures.GridSize(input.Image.Width, input.Image.Height);
        if (Cache?.Read(input.FileBytes, grid) is { } cached)
            using (cached)
                return (cached.TakeEvidence(), [], []);
        var (gathered, findings, seconds) = Gather(input, grid);
        using (gathered)
        {
            Cache?.Write(input.FileBytes, gathered);
            return (gathered.TakeEvidence(), findings, seconds);
        }
    }

    /// <summary>Where this detector keeps each image's evidence (null: nowhere); see <see cref="EvidenceCache"/>.</summary>
    public EvidenceCache? Cache { get; init; }

    private (GatheredEvidence Evidence, List<Finding> Findings, Dictionary<string, double> Seconds) Gather(ForensicInput input, Size grid)
    {
        var analyzerMaps = new Dictionary<string, Mat>();
        var found = new HashSet<string>();
        Mat? classicalHeat = null;
        try
        {
            double classicalScore;
            IReadOnlyList<Finding> classicalFindings;
            IReadOnlyDictionary<string, double> classicalSeconds;
            // each analyzer's map is averaged onto the grid as it arrives (under the classical detector's lock)
            using (var forensic = classical.Detect(input, (analyzer, result, _) =>
            {
                if (result.Map is null)
                    return;
                if (analyzerMaps.Remove(analyzer.Name, out var earlier))
                    earlier.Dispose();
                analyzerMaps[analyzer.Name] = FusionEvidence.ToGrid(result.Map, grid);
                if (result.StrongEvidence && Cv2.CountNonZero(result.Map) > 0)
                    found.Add(analyzer.Name);
                if (CopyMoveAnalyzer.FoundExactCopies(result))
                    found.Add(FusionFeatures.ExactCopies);
            }))
            {
                classicalHeat = FusionEvidence.ToGrid(forensic.Heatmap, grid);
                (classicalScore, classicalFindings, classicalSeconds) = (forensic.ImageScore, forensic.Findings, forensic.SecondsPerStep);
            }
            var optionalFindings = new List<Finding>();
            var optionalSeconds = new Dictionary<string, double>();
            foreach (var analyzer in FusionAnalyzers)
            {
                var clock = Stopwatch.StartNew();
                using var result = analyzer.Analyze(input);
                optionalSeconds[analyzer.Name] = clock.Elapsed.TotalSeconds;
                optionalFindings.AddRange(result.Findings);
                foreach (var detail in FusionFeatures.OptionalAnalyzerDetails.GetValueOrDefault(analyzer.Name) ?? [])
                    if (result.DetailMaps.GetValueOrDefault(detail) is { } map)
                        analyzerMaps[FusionFeatures.OptionalFeature(analyzer.Name, detail)] = FusionEvidence.ToGrid(map, grid);
            }
            if ((long)input.Image.Width * input.Image.Height > ClassicalDetector.LargeImagePixels)
                Native.FreeMemory.Release();
            using var model = learned.Detect(input);
            var gathered = new GatheredEvidence(grid, FusionEvidence.ToGrid(model.Heatmap, grid), model.ImageScore, classicalHeat, classicalScore, analyzerMaps, found);
            // taken over by the gathered evidence
            (classicalHeat, analyzerMaps) = (null, []);
            return (gathered, [.. model.Findings, .. classicalFindings, .. optionalFindings], Seconds(model.SecondsPerStep, Seconds(classicalSeconds, optionalSeconds)));
        }
        finally
        {
            classicalHeat?.Dispose();
            foreach (var map in analyzerMaps.Values)
                map.Dispose();
        }
    }

    private static Dictionary<string, double> Seconds(IReadOnlyDictionary<string, double> first, IReadOnlyDictionary<string, double> second) =>
        first.Concat(second).GroupBy(entry => entry.Key).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Value));

    private DetectionResult DetectByMean(ForensicInput input)
    {
        // the classical half first, its heat kept at 16 bits (1/65535 steps) while the model runs: the two halves'
        // working memory never adds up (a 40 MP image: a 160 MB float map becomes 80 MB, and each half peaks alone)
        using var classicalHeat = new Mat();
        IReadOnlyList<Finding> classicalFindings;
        IReadOnlyDictionary<string, double> classicalSeconds;
        using (var forensic = classical.Detect(input))
        {
            forensic.Heatmap.ConvertTo(classicalHeat, MatType.CV_16U, ushort.MaxValue);
            (classicalFindings, classicalSeconds) = (forensic.Findings, forensic.SecondsPerStep);
        }
        // a very large image: the classical half's freed working memory goes back before the model's is taken
        if ((long)input.Image.Width * input.Image.Height > ClassicalDetector.LargeImagePixels)
            Native.FreeMemory.Release();
        using var model = learned.Detect(input);
        var heat = new Mat();
        classicalHeat.ConvertTo(heat, MatType.CV_32F, 1.0 / ushort.MaxValue);
        Cv2.AddWeighted(model.Heatmap, 0.5, heat, 0.5, 0, heat);
        var mask = learned.Rule.ToMask(heat, model.ImageScore);
        return new DetectionResult(heat, mask, model.ImageScore, [.. model.Findings, .. classicalFindings], Seconds(model.SecondsPerStep, classicalSeconds));
    }

    public void Dispose() => learned.Dispose();
}
