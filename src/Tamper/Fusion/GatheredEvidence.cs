using OpenCvSharp;

namespace Tamper.Fusion;

/// <summary>
/// What the fused detector's two halves found in one image, on the fusion grid, before any fusion weighs it: the
/// model's heat map and image score, the classical heat map and score, each analyzer's map (by fusion feature name) and
/// the analyzers whose strong evidence found something. The costly part of <see cref="FusionEvidence"/>, and what
/// <see cref="EvidenceCache"/> keeps.
/// </summary>
public sealed record GatheredEvidence(Size Grid, Mat ModelHeat, double ModelScore, Mat ClassicalHeat, double ClassicalScore,
    Dictionary<string, Mat> AnalyzerMaps, IReadOnlySet<string> Found) : IDisposable
{
    /// <summary>The fusion's evidence: the analyzer maps move into it (no copies of them at any time), the two heat maps are copied.</summary>
    public FusionEvidence TakeEvidence()
    {
        var maps = new Dictionary<string, Mat>(AnalyzerMaps);
        AnalyzerMaps.Clear();
        return FusionEvidence.Of(Grid, ModelHeat, ModelScore, ClassicalHeat, ClassicalScore, maps, Found);
    }

    public void Dispose()
    {
        ModelHeat.Dispose();
        ClassicalHeat.Dispose();
        foreach (var map in AnalyzerMaps.Values)
            map.Dispose();
    }
}
