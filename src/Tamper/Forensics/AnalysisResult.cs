using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>
/// What one analyzer found. <see cref="Map"/> is CV_32FC1 of the image's size (0..1) or null for
/// findings-only analyzers; <see cref="DetailMaps"/> are optional extra views (e.g. one JPEG ghost per
/// quality), 0..1, possibly at a lower resolution than the image.
/// </summary>
public sealed class AnalysisResult : IDisposable
{
    public AnalysisResult(string analyzer, Mat? map, IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, Mat>? detailMaps = null, bool strongEvidence = false,
        IReadOnlyList<RegionPair>? pairs = null)
    {
        Pairs = pairs ?? [];
        Analyzer = analyzer;
        Map = map;
        Findings = findings;
        DetailMaps = detailMaps ?? new Dictionary<string, Mat>();
        StrongEvidence = strongEvidence;
    }

    /// <summary>
    /// The map rests on a verified mechanism (a geometric correspondence, a detected double compression),
    /// not on "unlike the rest of the image": detectors may take it as it is instead of averaging it.
    /// </summary>
    public bool StrongEvidence { get; }

    public string Analyzer { get; }

    /// <summary>Regions found twice (copy-move), for drawing source-to-copy arrows; empty for other analyzers.</summary>
    public IReadOnlyList<RegionPair> Pairs { get; }

    public Mat? Map { get; }

    public IReadOnlyList<Finding> Findings { get; }

    public IReadOnlyDictionary<string, Mat> DetailMaps { get; }

    /// <summary>Whether this analyzer had anything to say about this image (a JPEG analysis of a PNG has not).</summary>
    public bool Applicable => Map is not null || Findings.Count > 0;

    public void Dispose()
    {
        Map?.Dispose();
        foreach (var map in DetailMaps.Values)
            map.Dispose();
    }
}
