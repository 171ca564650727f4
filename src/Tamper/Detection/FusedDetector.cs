using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Masking;

namespace Tamper.Detection;

/// <summary>
/// <c>fused</c>: the learned detector and the classical one on the same image, combined by a fixed rule chosen before
/// any measurement: heat = the mean of the two heat maps (each alone can reach 0.5 only where it is sure; where both
/// see something, it adds up), image score = the learned model's, and the mask from the model's operating point
/// (<see cref="MaskRule"/>). The learned detector's own mask is not used.
/// </summary>
public sealed class FusedDetector(LearnedDetector learned, ClassicalDetector classical) : IDetector, IDisposable
{
    public const string MethodName = "fused";

    public string Method => MethodName;

    /// <summary>The classical half (its analyzers' results can be observed, see <see cref="ClassicalDetector.Observer"/>).</summary>
    public ClassicalDetector Classical => classical;

    public MaskPostProcessor PostProcessor => learned.PostProcessor;

    public double ImageThreshold => learned.ImageThreshold;

    public string? ModelPath => learned.ModelPath;

    public string? OperatingPoint => learned.OperatingPoint;

    public DetectionResult Detect(ForensicInput input)
    {
        using var model = learned.Detect(input);
        using var forensic = classical.Detect(input);
        var heat = new Mat();
        Cv2.AddWeighted(model.Heatmap, 0.5, forensic.Heatmap, 0.5, 0, heat);
        var mask = learned.Rule.ToMask(heat, model.ImageScore);
        var seconds = model.SecondsPerStep.Concat(forensic.SecondsPerStep).GroupBy(entry => entry.Key).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Value));
        return new DetectionResult(heat, mask, model.ImageScore, [.. model.Findings, .. forensic.Findings], seconds);
    }

    public void Dispose() => learned.Dispose();
}
