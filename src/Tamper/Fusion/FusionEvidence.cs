using OpenCvSharp;

namespace Tamper.Fusion;

/// <summary>
/// One image's evidence on the fusion grid (<see cref="FusionFeatures"/>): each pixel feature as a float map of the
/// grid's size, and the image features. What <see cref="FusionWeights"/> combines and what <c>tamper fuse</c> fits on.
/// </summary>
public sealed class FusionEvidence : IDisposable
{
    private readonly Dictionary<string, Mat> _maps;

    private FusionEvidence(Size grid, Dictionary<string, Mat> maps, IReadOnlyDictionary<string, double> imageValues, bool exactCopies)
    {
        Grid = grid;
        _maps = maps;
        ImageValues = imageValues;
        ExactCopies = exactCopies;
    }

    public Size Grid { get; }

    /// <summary>Whether the copy-move analyzer found bit-exact copies (its map is then those copies alone).</summary>
    public bool ExactCopies { get; }

    /// <summary>Every image feature of <see cref="FusionFeatures.Image"/>, and the optional maps' (<see cref="FusionFeatures.Top"/>).</summary>
    public IReadOnlyDictionary<string, double> ImageValues { get; }

    /// <param name="modelHeat">The model's heat map (any size; averaged onto the grid).</param>
    /// <param name="classicalHeat">The classical detector's fused heat map (any size).</param>
    /// <param name="analyzerMaps">Analyzer maps already on the grid, by feature name (an analyzer's, or an optional analyzer's
    /// <c>analyzer.detail</c>); taken over (disposed with this).</param>
    /// <param name="found">Analyzers whose strong evidence found something in this image, and <see cref="FusionFeatures.ExactCopies"/> when the copy-move analyzer's were bit-exact copies.</param>
    public static FusionEvidence Of(Size grid, Mat modelHeat, double modelScore, Mat classicalHeat, double classicalScore,
        IReadOnlyDictionary<string, Mat> analyzerMaps, IReadOnlySet<string> found)
    {
        var maps = new Dictionary<string, Mat>();
        foreach (var (name, map) in analyzerMaps)
        {
            if (FusionFeatures.AnalyzerMaps.Contains(name) || FusionFeatures.OptionalPixel.Contains(name))
                maps[name] = map;
            else
                map.Dispose();
        }
        var model = ToGrid(modelHeat, grid);
        var classical = ToGrid(classicalHeat, grid);
        maps[FusionFeatures.Model] = model;
        maps[FusionFeatures.ModelRelative] = Relative(model, out double modelMax);
        maps[FusionFeatures.Classical] = classical;
        maps[FusionFeatures.ClassicalRelative] = Relative(classical, out _);
        double agreement;
        using (var both = new Mat())
        {
            Cv2.Min(maps[FusionFeatures.ModelRelative], maps[FusionFeatures.ClassicalRelative], both);
            Cv2.MinMaxLoc(both, out _, out agreement);
        }
        var image = new Dictionary<string, double>
        {
            [FusionFeatures.ModelScore] = modelScore,
            [FusionFeatures.ModelMax] = modelMax,
            [FusionFeatures.ClassicalScore] = classicalScore,
            [FusionFeatures.ModelTop] = TopMean(model, 0.01),
            [FusionFeatures.HotspotAgreement] = agreement,
        };
        foreach (var analyzer in FusionFeatures.StrongAnalyzers)
            image[FusionFeatures.Found(analyzer)] = found.Contains(analyzer) ? 1 : 0;
        foreach (var (feature, map) in maps)
            if (FusionFeatures.OptionalPixel.Contains(feature))
                image[FusionFeatures.Top(feature)] = TopMean(map, 0.01);
        return new FusionEvidence(grid, maps, image, found.Contains(FusionFeatures.ExactCopies));
    }

    /// <summary>
    /// A pixel feature's map on the grid (CV_32FC1), or null when the image has none (the feature is 0 there). A
    /// surroundings feature (<see cref="FusionFeatures.SurroundingsOf"/>) is made from its map when first asked for.
    /// </summary>
    public Mat? Map(string feature)
    {
        if (!FusionFeatures.KnownPixel.Contains(feature))
            throw new UnknownNameException("fusion pixel feature", feature, FusionFeatures.KnownPixel);
        if (_maps.TryGetValue(feature, out var map))
            return map;
        if (FusionFeatures.SurroundingsOf(feature) is not { } surroundings || Map(surroundings.Map) is not { } source)
            return null;
        return _maps[feature] = Blurred(source, surroundings.Sigma * Math.Max(Grid.Width, Grid.Height));
    }

    /// <summary>
    /// A map blurred with a Gaussian of <paramref name="sigma"/> cells. A wide Gaussian is applied on a map shrunk to a few
    /// cells per σ and scaled back up: the same smooth result at a small share of the cost (σ of 80 cells on a
    /// megapixel grid directly is a 481-tap filter per pixel and row).
    /// </summary>
    public static Mat Blurred(Mat map, double sigma)
    {
        var result = new Mat();
        int factor = Math.Max(1, (int)(sigma / 4));
        if (factor == 1)
        {
            Cv2.GaussianBlur(map, result, new Size(0, 0), Math.Max(sigma, 0.5), 0, BorderTypes.Reflect101);
            return result;
        }
        using var small = new Mat();
        Cv2.Resize(map, small, new Size(Math.Max(1, map.Width / factor), Math.Max(1, map.Height / factor)), 0, 0, InterpolationFlags.Area);
        Cv2.GaussianBlur(small, small, new Size(0, 0), sigma / factor, 0, BorderTypes.Reflect101);
        Cv2.Resize(small, result, map.Size(), 0, 0, InterpolationFlags.Linear);
        return result;
    }

    /// <summary>An image feature's value (0 for an optional analyzer's feature when that analyzer did not run).</summary>
    public double Image(string feature) =>
        ImageValues.TryGetValue(feature, out var value) ? value
            : FusionFeatures.KnownImage.Contains(feature) ? 0 : throw new UnknownNameException("fusion image feature", feature, FusionFeatures.KnownImage);

    /// <summary>A float map (CV_32FC1) averaged onto the grid (a copy when it is already of the grid's size).</summary>
    public static Mat ToGrid(Mat map, Size grid)
    {
        var result = new Mat();
        if (map.Size() == grid)
            map.CopyTo(result);
        else
            // averaged down; a coarser detail map (cells of 16 px) is interpolated up instead of repeated in blocks
            Cv2.Resize(map, result, grid, 0, 0, map.Width >= grid.Width ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return result;
    }

    /// <summary>Mean of the highest <paramref name="share"/> of a map's values (at least one).</summary>
    private static double TopMean(Mat map, double share)
    {
        map.GetArray(out float[] values);
        Array.Sort(values);
        int count = Math.Max(1, (int)(values.Length * share));
        double sum = 0;
        for (int index = values.Length - count; index < values.Length; index++)
            sum += values[index];
        return sum / count;
    }

    /// <summary>The map as a share of its own maximum (all 0 when the map is).</summary>
    private static Mat Relative(Mat map, out double max)
    {
        Cv2.MinMaxLoc(map, out _, out max);
        var relative = new Mat();
        map.ConvertTo(relative, MatType.CV_32FC1, max > 0 ? 1.0 / max : 0);
        return relative;
    }

    public void Dispose()
    {
        foreach (var map in _maps.Values)
            map.Dispose();
        _maps.Clear();
    }
}
