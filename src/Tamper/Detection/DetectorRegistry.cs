using Tamper.Forensics;
using Tamper.Fusion;
using Tamper.Masking;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Prediction;

namespace Tamper.Detection;

/// <summary>Detection methods by name (a <see cref="Registry{T}"/>: the listing and the lookup are one table).</summary>
public static class DetectorRegistry
{
    /// <summary>One method: how it is built, and whether it runs a model (and so has thresholds and operating points).</summary>
    private sealed record Method(Func<DetectorRequest, IDetector> Create, bool UsesModel);

    private static readonly Registry<Method> Table = new("detection method",
    [
        (LearnedDetector.MethodName, new Method(request => Learned(request, OperatingPoint.ModelAlone), UsesModel: true)),
        (ClassicalDetector.MethodName, new Method(request => new ClassicalDetector(AnalyzerRegistry.Parse(request.Analyzers),
            request.Threshold is { } value ? new MaskPostProcessor(value) : null), UsesModel: false)),
        (FusedDetector.MethodName, new Method(Fused, UsesModel: true)),
    ]);

    public static IReadOnlyList<string> Methods => Table.Names;

    /// <summary>
    /// fused: measured best on real-dev + authentic-real at both operating points (README, "Which detector"); learned is
    /// about twice as fast, classical needs no model.
    /// </summary>
    public const string DefaultMethod = FusedDetector.MethodName;

    /// <summary>Whether the method runs a model (and so has its thresholds and operating points).</summary>
    public static bool UsesModel(string method) => Table.Resolve(method).UsesModel;

    /// <exception cref="UnknownNameException">No such method.</exception>
    public static IDetector Create(string method, DetectorRequest request) => Table.Resolve(method).Create(request);

    /// <summary>The parameters one by one (see <see cref="DetectorRequest"/>).</summary>
    public static IDetector Create(string method, string? analyzers = null, double? threshold = null, string? modelPath = null, PredictorOptions? predictor = null, double? imageThreshold = null,
        string operatingPoint = OperatingPoint.Analyst) =>
        Create(method, new DetectorRequest(analyzers, threshold, modelPath, predictor, imageThreshold, operatingPoint));

    private static FusedDetector Fused(DetectorRequest request)
    {
        var requested = (request.FusionAnalyzers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.FirstOrDefault(name => !FusionFeatures.OptionalAnalyzers.Contains(name)) is { } unknown)
            throw new UnknownNameException("optional fusion analyzer", unknown, FusionFeatures.OptionalAnalyzers);
        var learned = Learned(request, pointsOf: FusedDetector.MethodName);
        var optional = (learned.Description.Fusion?.OptionalAnalyzers ?? []).Union(requested).Select(AnalyzerRegistry.Create).ToList();
        var classical = new ClassicalDetector(AnalyzerRegistry.Parse(request.Analyzers));
        return new FusedDetector(learned, classical, optional)
        {
            Cache = request.EvidenceCache is { } folder
                ? new EvidenceCache(folder, EvidenceCache.KeyOf(ModelFile.WeightsDigest(learned.ModelPath), (request.Predictor ?? new PredictorOptions()).ToString(),
                    classical.Analyzers.Select(analyzer => analyzer.Name), optional.Select(analyzer => analyzer.Name)))
                : null,
        };
    }

    private static LearnedDetector Learned(DetectorRequest request, string pointsOf) =>
        new(request.ModelPath ?? DefaultModel.Path(), request.Predictor, request.Threshold, request.ImageThreshold, request.OperatingPoint, pointsOf);
}
