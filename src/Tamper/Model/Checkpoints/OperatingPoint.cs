namespace Tamper.Model.Checkpoints;

/// <summary>
/// A named way of turning a model's heat map into a mask, stored in the model file. Two are defined:
/// <see cref="Analyst"/> (the default of detect and serve: an image whose image-level score is under
/// <see cref="ImageThreshold"/> gets an empty mask, chosen so few untouched photos get a mask) and
/// <see cref="Contest"/> (every input is taken to be tampered, as in the contest's test set: the mask is never
/// empty; when nothing passes the threshold, the most likely region is marked).
/// </summary>
/// <param name="Threshold">Heat-map level above which a pixel is marked.</param>
/// <param name="ImageThreshold">Image-level score under which the whole mask is left empty (0: never).</param>
/// <param name="NeverEmpty">When nothing is marked, mark the most likely region instead.</param>
/// <param name="ChosenBy">How the point was chosen (free text: command, data, figures).</param>
public sealed record OperatingPoint(double Threshold, double ImageThreshold, bool NeverEmpty, string? ChosenBy = null)
{
    /// <summary>
    /// Share of the heat map's own maximum a pixel must also reach (0: none). A map that is warm in many places keeps
    /// only its hottest region, the one most likely edited: chosen on real forgeries for the contest point, where
    /// every image is edited and a wide false area costs more than a missed second region.
    /// </summary>
    public double Relative { get; init; }

    /// <summary>
    /// Largest share of the image the mask may cover (0: no limit): the threshold is raised to the heat level that at
    /// most this share of the pixels exceed. A map warm almost everywhere then keeps its hottest part instead of most of
    /// the image, where F1 and IoU are near 0 whatever the true region (real edits mostly cover a few percent).
    /// </summary>
    public double MaxShare { get; init; }

    /// <summary>
    /// Share of the threshold down to which the mask also takes in the pixels connected to it (hysteresis; 0: none): a
    /// region that passes the threshold at its core keeps its warmer surroundings, while a warm area with no such core
    /// stays out. Chosen on real forgeries for the contest point, where the fused heat of a large edit often passes the
    /// threshold only at its hottest part.
    /// </summary>
    public double Grow { get; init; }

    /// <summary>
    /// Whether the mask's holes are filled (every unmarked area that the mask encloses is marked): an edited region is
    /// solid, while the heat inside a pasted object often dips where its texture is plain. Chosen on real forgeries
    /// for the contest point.
    /// </summary>
    public bool FillHoles { get; init; }

    public const string Analyst = "analyst";
    public const string Contest = "contest";

    /// <summary>The method whose points are stored under the plain names: the learned model alone.</summary>
    public const string ModelAlone = "learned";

    public static IReadOnlyList<string> Names { get; } = [Analyst, Contest];

    /// <summary>Where a method's point is stored: the plain name for the model alone, <c>METHOD/NAME</c> for another heat map.</summary>
    public static string Key(string name, string method) =>
        method.Trim().ToLowerInvariant() is ModelAlone or "" ? name : $"{method.Trim().ToLowerInvariant()}/{name}";
}
