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
        var seconds = model.SecondsPerStep.Concat(classicalSeconds).GroupBy(entry => entry.Key).ToDictionary(group => group.Key, group => group.Sum(entry => entry.Value));
        return new DetectionResult(heat, mask, model.ImageScore, [.. model.Findings, .. classicalFindings], seconds);
    }

    public void Dispose() => learned.Dispose();
}
