using Tamper.Model.Checkpoints;
using Tamper.Model.Prediction;

namespace Tamper.Detection;

/// <summary>What a detection method is built with; each method uses the parts that concern it.</summary>
/// <param name="Analyzers">Classical and fused methods: a comma-separated subset of the analyzers (null = all).</param>
/// <param name="Threshold">Heat-map threshold (null = the method's or model's own).</param>
/// <param name="ModelPath">Learned and fused methods: the model file (null = the shipped default model).</param>
/// <param name="Predictor">Learned and fused methods: tiling, TTA, precision.</param>
/// <param name="ImageThreshold">Learned and fused methods: image-level score under which the mask is left empty (null = the model's own).</param>
/// <param name="OperatingPoint">Learned and fused methods: the model's operating point (analyst or contest).</param>
/// <param name="FusionAnalyzers">Fused method: optional analyzers to run for the fusion besides those the model's fusion weighs
/// (comma-separated, of <see cref="Fusion.FusionFeatures.OptionalAnalyzers"/>; <c>tamper fuse</c> fitting a fusion that weighs them).</param>
/// <param name="EvidenceCache">Fused method: a folder where each image's evidence is kept and read back (<see cref="Fusion.EvidenceCache"/>; null = none).</param>
public sealed record DetectorRequest(string? Analyzers = null, double? Threshold = null, string? ModelPath = null, PredictorOptions? Predictor = null,
    double? ImageThreshold = null, string OperatingPoint = Model.Checkpoints.OperatingPoint.Analyst, string? FusionAnalyzers = null, string? EvidenceCache = null);
