using Tamper.Forensics;

namespace Tamper.Detection;

/// <summary>A detection method: an image in, a heat map and a mask out. Chosen by name through <see cref="DetectorRegistry"/>.</summary>
public interface IDetector
{
    string Method { get; }

    DetectionResult Detect(ForensicInput input);
}
