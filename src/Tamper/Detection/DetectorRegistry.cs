using Tamper.Forensics;
using Tamper.Masking;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Prediction;

namespace Tamper.Detection;

/// <summary>Detection methods by name; an unknown name is an error that lists the known ones.</summary>
public static class DetectorRegistry
{
    public static IReadOnlyList<string> Methods { get; } = ["learned", "classical", "fused"];

    /// <summary>
    /// fused: measured best on real-dev + authentic-real at both operating points (README, "Which detector"); learned is
    /// about twice as fast, classical needs no model.
    /// </summary>
    public const string DefaultMethod = "fused";

    /// <summary>Whether the method runs a model (and so has its thresholds and operating points).</summary>
    public static bool UsesModel(string method) => method.Trim().ToLowerInvariant() is "learned" or "fused";

    /// <param name="analysers">For the classical method: a comma-separated subset of the analysers (null = all).</param>
    /// <param name="threshold">Heat-map threshold (null = the method's or model's own).</param>
    /// <param name="modelPath">For the learned method: the model file (null = the shipped default model).</param>
    /// <param name="predictor">For the learned method: tiling and TTA.</param>
    /// <param name="imageThreshold">For the learned method: image-level score under which the mask is left empty (null = the model's own).</param>
    /// <param name="operatingPoint">For the learned method: the model's operating point (analyst or contest).</param>
    public static IDetector Create(string method, string? analysers = null, double? threshold = null, string? modelPath = null, PredictorOptions? predictor = null, double? imageThreshold = null,
        string operatingPoint = OperatingPoint.Analyst) =>
        method.Trim().ToLowerInvariant() switch
        {
            "learned" => new LearnedDetector(modelPath ?? DefaultModel.Path(), predictor, threshold, imageThreshold, operatingPoint),
            "classical" => new ClassicalDetector(AnalyserRegistry.Parse(analysers), threshold is { } value ? new MaskPostProcessor(value) : null),
            "fused" => new FusedDetector(new LearnedDetector(modelPath ?? DefaultModel.Path(), predictor, threshold, imageThreshold, operatingPoint, pointsOf: "fused"),
                new ClassicalDetector(AnalyserRegistry.Parse(analysers))),
            _ => throw new UnknownNameException("detection method", method, Methods),
        };
}
