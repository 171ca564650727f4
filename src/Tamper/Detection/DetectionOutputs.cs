namespace Tamper.Detection;

/// <summary>Where <c>detect</c> writes: masks <c>MaskFolder/&lt;id&gt;.png</c>, optional gray heat maps and color overlays.</summary>
public sealed record DetectionOutputs(string MaskFolder, string? HeatmapFolder = null, string? OverlayFolder = null, bool Overwrite = false)
{
    public string MaskPath(string id) => Path.Combine(MaskFolder, id + ".png");

    public string? HeatmapPath(string id) => HeatmapFolder is null ? null : Path.Combine(HeatmapFolder, id + ".png");

    public string? OverlayPath(string id) => OverlayFolder is null ? null : Path.Combine(OverlayFolder, id + ".png");

    /// <summary>All requested outputs of <paramref name="id"/> exist (the mask is written last).</summary>
    public bool Exist(string id) =>
        File.Exists(MaskPath(id))
        && (HeatmapPath(id) is not { } heatmap || File.Exists(heatmap))
        && (OverlayPath(id) is not { } overlay || File.Exists(overlay));
}
