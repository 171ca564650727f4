using OpenCvSharp;

namespace Tamper.Fusion;

/// <summary>
/// What the learned fusion weighs, by name (the names are written into the model file with their weights). Pixel
/// features are maps on the fusion grid: the model's heat map and the classical detector's, each also as a share of
/// its own maximum (so "the hottest region of this image" counts, not only the level), and each analyzer's own map (0
/// where an analyzer has none: a JPEG analysis of a PNG), and each of these maps' surroundings at two scales
/// (<see cref="Context"/>, <see cref="Wide"/>: a cell inside a warm region counts more than a lone warm cell). Image features: the two detectors' image scores, the hottest
/// point of the model's map and the mean of its hottest 1 %, how far the two maps' hot spots coincide (the highest
/// cell where both reach the same share of their own maximum), and whether a verified mechanism (copy-move regions,
/// aligned double JPEG) was found. Optional analyzers (<see cref="OptionalAnalyzerDetails"/>) add their evidence maps as
/// pixel features and each map's hottest 1 % as an image feature.
/// </summary>
public static class FusionFeatures
{
    public const string Model = "model";
    public const string ModelRelative = "model-relative";
    public const string Classical = "classical";
    public const string ClassicalRelative = "classical-relative";

    public const string ModelScore = "model-score";
    public const string ModelMax = "model-max";
    public const string ClassicalScore = "classical-score";
    public const string ModelTop = "model-top";
    public const string HotspotAgreement = "hotspot-agreement";

    /// <summary>The analyzers whose maps are features of their own (metadata has no map).</summary>
    public static IReadOnlyList<string> AnalyzerMaps { get; } = ["ela", "noise", "jpeg", "ghost", "copymove"];

    /// <summary>
    /// Analyzers that are not run by default (slow, or under other terms) but whose detail maps a fusion may weigh, as
    /// features named <c>analyzer.detail</c>: a fusion with a weight for one makes the fused detector run the analyzer.
    /// <c>noiseprint</c> (the Noiseprint++ trace, non-profit use only): its two evidence maps, the 8-px pattern that breaks
    /// and the local statistics that differ, which tell different edits apart (measured: the pattern on CASIA splices,
    /// the statistics on IMD2020 edits).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> OptionalAnalyzerDetails { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["noiseprint"] = ["grid", "statistics"],
    };

    /// <summary>The names of the optional analyzers (<see cref="OptionalAnalyzerDetails"/>).</summary>
    public static IReadOnlyList<string> OptionalAnalyzers { get; } = [.. OptionalAnalyzerDetails.Keys];

    /// <summary>The feature of an optional analyzer's detail map: <c>analyzer.detail</c>.</summary>
    public static string OptionalFeature(string analyzer, string detail) => $"{analyzer}.{detail}";

    /// <summary>An optional analyzer's features (<see cref="OptionalFeature"/> of each of its detail maps).</summary>
    public static IEnumerable<string> OptionalFeaturesOf(string analyzer) => OptionalAnalyzerDetails[analyzer].Select(detail => OptionalFeature(analyzer, detail));

    /// <summary>Every optional analyzer's features.</summary>
    public static IReadOnlyList<string> OptionalPixel { get; } = [.. OptionalAnalyzers.SelectMany(OptionalFeaturesOf)];

    /// <summary>The analyzers whose strong evidence (a verified mechanism) is an image feature, as <c>NAME-found</c>.</summary>
    public static IReadOnlyList<string> StrongAnalyzers { get; } = ["copymove", "jpeg"];

    /// <summary>
    /// Spread of <see cref="Context"/>'s Gaussian, as a share of the grid's longer side: a region of a few percent of the
    /// image, the size of most real edits.
    /// </summary>
    public const double ContextSigma = 0.02;

    /// <summary>Spread of <see cref="Wide"/>'s Gaussian, as a share of the grid's longer side: a large part of the image.</summary>
    public const double WideSigma = 0.08;

    /// <summary>Each surroundings feature's name suffix and its Gaussian's spread: the one place both are set.</summary>
    private static IReadOnlyList<(string Suffix, double Sigma)> Surroundings { get; } = [("-context", ContextSigma), ("-wide", WideSigma)];

    /// <summary>A map's surroundings: the map blurred with <see cref="ContextSigma"/> (measured: fitted with the plain maps, +0.02 on real-dev at <c>contest</c>, held out).</summary>
    public static string Context(string feature) => feature + Surroundings[0].Suffix;

    /// <summary>A map's wide surroundings: the map blurred with <see cref="WideSigma"/>.</summary>
    public static string Wide(string feature) => feature + Surroundings[1].Suffix;

    /// <summary>The map a surroundings feature is made of, and its Gaussian's spread; null for a map of its own.</summary>
    public static (string Map, double Sigma)? SurroundingsOf(string feature) =>
        Surroundings.FirstOrDefault(entry => feature.EndsWith(entry.Suffix, StringComparison.Ordinal)) is ({ } suffix, var sigma)
            ? (feature[..^suffix.Length], sigma)
            : null;

    /// <summary>Each map followed by its surroundings features.</summary>
    private static IEnumerable<string> WithSurroundings(IEnumerable<string> maps) =>
        maps.SelectMany(map => Surroundings.Select(entry => map + entry.Suffix).Prepend(map));

    /// <summary>The maps of every fusion that have surroundings features: the two heat maps and each analyzer's map.</summary>
    private static IReadOnlyList<string> SurroundedMaps { get; } = [Model, Classical, .. AnalyzerMaps];

    /// <summary>The pixel features of every fusion; <see cref="PixelWith"/> adds optional analyzers' maps.</summary>
    public static IReadOnlyList<string> Pixel { get; } = [Model, ModelRelative, Classical, ClassicalRelative, .. AnalyzerMaps, .. WithSurroundings(SurroundedMaps).Except(SurroundedMaps)];

    /// <summary>Every pixel feature a fusion may weigh.</summary>
    public static IReadOnlyList<string> KnownPixel { get; } = [.. Pixel, .. WithSurroundings(OptionalPixel)];

    /// <summary>The pixel features of a fusion that also weighs these optional analyzers' maps (and their surroundings).</summary>
    public static IReadOnlyList<string> PixelWith(IEnumerable<string> optionalAnalyzers) =>
        [.. Pixel, .. WithSurroundings(OptionalAnalyzers.Intersect(optionalAnalyzers).SelectMany(OptionalFeaturesOf))];

    public static IReadOnlyList<string> Image { get; } = [ModelScore, ModelMax, ClassicalScore, ModelTop, HotspotAgreement, .. StrongAnalyzers.Select(Found)];

    public static string Found(string analyzer) => analyzer + "-found";

    /// <summary>
    /// What the gathered evidence's found set holds when the copy-move analyzer found bit-exact copies
    /// (<see cref="Forensics.CopyMoveAnalyzer.ExactFinding"/>); not a weighed feature: such copies decide the heat
    /// (<see cref="FusionWeights.Heat"/>).
    /// </summary>
    public const string ExactCopies = "copymove-exact";

    /// <summary>The image feature of an optional analyzer's map: the mean of its hottest 1 %.</summary>
    public static string Top(string feature) => feature + "-top";

    /// <summary>Every image feature a fusion may weigh.</summary>
    public static IReadOnlyList<string> KnownImage { get; } = [.. Image, .. OptionalPixel.Select(Top)];

    /// <summary>The image features of a fusion whose pixel features are these: the optional maps' hottest 1 % added.</summary>
    public static IReadOnlyList<string> ImageFor(IEnumerable<string> pixelFeatures) =>
        [.. Image, .. pixelFeatures.Where(OptionalPixel.Contains).Select(Top)];

    /// <summary>
    /// Largest number of grid cells: the maps are averaged down to at most this (a megapixel: the heat maps are smooth at
    /// that scale, and a 40 MP image's nine feature maps then take 36 MB); the fused map is scaled back up.
    /// </summary>
    public const long GridPixels = 1_000_000;

    public static Size GridSize(int width, int height)
    {
        double scale = Math.Min(1.0, Math.Sqrt((double)GridPixels / ((long)width * height)));
        return new Size(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }
}
