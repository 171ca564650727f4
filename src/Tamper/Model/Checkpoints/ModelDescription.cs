using System.Text.Json.Nodes;

namespace Tamper.Model.Checkpoints;

/// <summary>
/// The JSON half of a model file: enough to rebuild the network, to use it as it was validated, and to
/// know where it came from.
/// </summary>
/// <param name="Network">Which network, with its hyper-parameters.</param>
/// <param name="Threshold">Heat-map level above which a pixel is marked.</param>
/// <param name="ImageThreshold">Image-level probability under which the whole mask is left empty.</param>
/// <param name="Training">Command, data, steps, time: how the weights were made (free-form).</param>
/// <param name="Validation">Figures measured when this checkpoint was chosen (free-form).</param>
/// <param name="Calibration">How the thresholds were chosen, when <c>tamper calibrate</c> chose them (free-form).</param>
public sealed record ModelDescription(NetworkSpec Network, double Threshold = 0.5, double ImageThreshold = 0.5, JsonObject? Training = null, JsonObject? Validation = null,
    JsonObject? Calibration = null)
{
    public const string FormatName = "tamper-model";

    public const int FormatVersion = 1;

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = FormatVersion;

    /// <summary>How pixels enter the network (documentation for other tools reading the file).</summary>
    public string Input { get; init; } = "BGR, float 0..255, [N,3,H,W], H and W multiples of 16; each network normalizes internally";

    /// <summary>
    /// Named operating points, keyed by <see cref="OperatingPoint.Key"/> (the model alone: <c>analyst</c>,
    /// <c>contest</c>; the fused method: <c>fused/analyst</c>, <c>fused/contest</c>, since its heat map is another);
    /// files written before they existed have none, and <see cref="Point"/> derives them from the two thresholds.
    /// </summary>
    public IReadOnlyDictionary<string, OperatingPoint>? OperatingPoints { get; init; }

    /// <summary>The named operating point of a method: stored, or derived from <see cref="Threshold"/> and <see cref="ImageThreshold"/>.</summary>
    public OperatingPoint Point(string name, string method = OperatingPoint.ModelAlone)
    {
        if (!OperatingPoint.Names.Contains(name))
            throw new UnknownNameException("operating point", name, OperatingPoint.Names);
        if (OperatingPoints is not null && OperatingPoints.TryGetValue(OperatingPoint.Key(name, method), out var stored))
            return stored;
        return name switch
        {
            OperatingPoint.Analyst => new OperatingPoint(Threshold, ImageThreshold, NeverEmpty: false, "the model's own thresholds"),
            OperatingPoint.Contest => new OperatingPoint(Threshold, 0, NeverEmpty: true, "the model's pixel threshold, never an empty mask"),
            _ => throw new UnknownNameException("operating point", name, OperatingPoint.Names),
        };
    }

    /// <summary>
    /// How the <c>fused</c> method combines this model's heat map with the analyzers' maps, when <c>tamper fuse</c> fitted
    /// it; null: the fixed rule (the mean of the model's and the classical detector's heat maps).
    /// </summary>
    public Fusion.FusionWeights? Fusion { get; init; }

    /// <summary>
    /// Terms of weights inside that came from elsewhere (written by <see cref="ModelFile.Save"/> from the network; null:
    /// Tamper's own weights only, MIT like its code).
    /// </summary>
    public string? License { get; init; }

    public string CreatedBy { get; init; } = "tamper " + (typeof(ModelDescription).Assembly.GetName().Version?.ToString(3) ?? "?");
}
