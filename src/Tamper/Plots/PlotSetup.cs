using ScottPlot;

namespace Tamper.Plots;

/// <summary>
/// What every plot shares. SkiaSharp's build here has no fontconfig, so a font is registered by path (DejaVu Sans, the
/// Debian package the tool already asks for); without it ScottPlot's default font is used.
/// </summary>
internal static class PlotSetup
{
    private const string FontName = "DejaVu Sans";
    private static readonly string[] FontFiles = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];
    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        if (FontFiles.FirstOrDefault(File.Exists) is not { } file)
            return false;
        Fonts.AddFontFile(FontName, file);
        return true;
    });

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (FontRegistered.Value)
            plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    public const int PanelWidth = 560, PanelHeight = 400;

    /// <summary>Plots rendered side by side into one PNG, written atomically.</summary>
    public static void SavePanels(string path, params Plot[] panels)
    {
        var rendered = panels.Select(panel => OpenCvSharp.Cv2.ImDecode(panel.GetImageBytes(PanelWidth, PanelHeight, ScottPlot.ImageFormat.Png), OpenCvSharp.ImreadModes.Color)).ToArray();
        try
        {
            using var row = new OpenCvSharp.Mat();
            OpenCvSharp.Cv2.HConcat(rendered, row);
            Imaging.ImageWriter.WriteAtomically(path, Imaging.ImageWriter.EncodePng(row));
        }
        finally
        {
            foreach (var image in rendered) image.Dispose();
        }
    }

    /// <summary>Distinct colors for up to ten series (ScottPlot's category palette).</summary>
    public static Color Color(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
