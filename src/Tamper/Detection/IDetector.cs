using Tamper.Forensics;
using Tamper.Masking;

namespace Tamper.Detection;

/// <summary>A detection method: an image in, a heat map and a mask out. Chosen by name through <see cref="DetectorRegistry"/>.</summary>
public interface IDetector
{
    string Method { get; }

    /// <summary>The heat map to mask rule (its threshold is what reports show).</summary>
    MaskPostProcessor PostProcessor { get; }

    /// <summary>Image-level score under which the whole mask is left empty (0: no such rule).</summary>
    double ImageThreshold => 0;

    /// <summary>The model's operating point in use (analyst, contest), if the method has such points.</summary>
    string? OperatingPoint => null;

    /// <summary>The model file the method runs, if it runs one.</summary>
    string? ModelPath => null;

    DetectionResult Detect(ForensicInput input);
}
