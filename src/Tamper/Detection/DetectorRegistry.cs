using Tamper.Forensics;

namespace Tamper.Detection;

/// <summary>Detection methods by name; an unknown name is an error that lists the known ones.</summary>
public static class DetectorRegistry
{
    public static IReadOnlyList<string> Methods { get; } = ["classical"];

    /// <param name="analysers">For the classical method: a comma-separated subset of the analysers (null = all).</param>
    /// <param name="postProcessor">Heat map to mask rule (null = the method's default).</param>
    public static IDetector Create(string method, string? analysers = null, MaskPostProcessor? postProcessor = null) => method.Trim().ToLowerInvariant() switch
    {
        "classical" => new ClassicalDetector(AnalyserRegistry.Parse(analysers), postProcessor),
        _ => throw new UnknownNameException("detection method", method, Methods),
    };
}
