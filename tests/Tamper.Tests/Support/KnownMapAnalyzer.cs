using OpenCvSharp;
using Tamper.Forensics;

namespace Tamper.Tests.Support;

/// <summary>
/// An analyzer whose map is known: one value inside a rectangle, another outside (named like a real one when a test needs it);
/// the same map also as each named detail map.
/// </summary>
public sealed class KnownMapAnalyzer(Rect box, float inside, float outside, string name = "known", bool strong = true, params string[] details) : IForensicAnalyzer
{
    public string Name => name;

    public string Description => "a fixed map";

    public AnalysisResult Analyze(ForensicInput input)
    {
        var map = new Mat(input.Image.Height, input.Image.Width, MatType.CV_32FC1, Scalar.All(outside));
        map[box].SetTo(Scalar.All(inside));
        return new AnalysisResult(Name, map, [], details.ToDictionary(detail => detail, _ => map.Clone()), strongEvidence: strong);
    }
}
