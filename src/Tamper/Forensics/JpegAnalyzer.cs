using OpenCvSharp;
using Tamper.Forensics.Jpeg;

namespace Tamper.Forensics;

/// <summary>
/// Compression history. For JPEG files: the quantization tables and the quality they correspond to,
/// aligned double compression from periodic DCT histograms (<see cref="DoubleQuantization"/>), whose
/// per-block map shows regions compressed only once. For every image: the 8x8 blocking grid
/// (<see cref="BlockGrid"/>), whose map shows regions where the image's grid is missing or shifted
/// (non-aligned double compression, or a never-compressed paste). The map is the double-compression
/// map when double compression is found, else the grid map.
/// </summary>
public sealed class JpegAnalyzer : IForensicAnalyzer
{
    /// <summary>Below this whole-image grid strength there is no JPEG grid worth mapping.</summary>
    public const double MinimumGridStrength = 0.05;

    public string Name => "jpeg";

    public string Description => "JPEG quantization tables and quality, double compression (aligned and grid-shifted)";

    public AnalysisResult Analyze(ForensicInput input)
    {
        var findings = new List<Finding>();
        var details = new Dictionary<string, Mat>();
        Mat? doubleMap = null;
        if (input.IsJpeg)
            doubleMap = AnalyzeJpegFile(input.FileBytes, findings);
        else
            findings.Add(new Finding("jpeg.not_jpeg", $"not a JPEG file ({input.Image.Header.Format}): only the blocking grid is examined"));

        using var gray = Maps.Gray(input.Image.Pixels);
        var grid = BlockGrid.Analyze(gray);
        using (grid.Evidence)
        {
            findings.Add(new Finding("jpeg.grid_strength",
                grid.Strength >= MinimumGridStrength
                    ? $"8x8 blocking grid at offset ({grid.PhaseX % 8}, {grid.PhaseY % 8}), strength {grid.Strength:0.00}{(grid.PhaseX % 8 != 0 || grid.PhaseY % 8 != 0 ? " (shifted: the image was cropped after a JPEG save)" : "")}"
                    : $"no marked 8x8 blocking grid (strength {grid.Strength:0.00})",
                grid.Strength));
            Mat? gridMap = null;
            if (grid.Strength >= MinimumGridStrength)
            {
                using var cellMap = AnomalyScale.HighIsSuspicious(grid.Evidence, minimumSigma: 0.3);
                gridMap = Maps.ToSize(cellMap, gray.Cols, gray.Rows);
                details["grid"] = cellMap.Clone();
            }
            if (doubleMap is not null)
            {
                var map = Maps.ToSize(doubleMap, gray.Cols, gray.Rows);
                details["double"] = doubleMap;
                gridMap?.Dispose();
                return new AnalysisResult(Name, map, findings, details, strongEvidence: true);
            }
            return new AnalysisResult(Name, gridMap, findings, details);
        }
    }

    private static Mat? AnalyzeJpegFile(byte[] bytes, List<Finding> findings)
    {
        JpegStructure jpeg;
        try
        {
            jpeg = JpegStructure.Read(bytes);
        }
        catch (InvalidDataException e)
        {
            findings.Add(new Finding("jpeg.unreadable", e.Message));
            return null;
        }
        foreach (var table in jpeg.Tables.OrderBy(table => table.Slot))
        {
            var estimate = QualityEstimate.For(table, chrominance: table.Slot != jpeg.LumaTableSlot);
            var kind = table.Slot == jpeg.LumaTableSlot ? "luminance" : "chrominance";
            findings.Add(new Finding($"jpeg.quality.table{table.Slot}", $"quantization table {table.Slot} ({kind}): quality {estimate}", estimate.Quality));
        }
        var (periodic, blockMap) = DoubleQuantization.Analyze(jpeg);
        findings.Add(blockMap is not null
            ? new Finding("jpeg.double_compression",
                $"aligned double compression: {periodic.Count} of {DoubleQuantization.Modes.Count} low-frequency DCT histograms are periodic (periods {string.Join(", ", periodic.Select(mode => mode.Period))})",
                periodic.Count)
            : new Finding("jpeg.double_compression", "no aligned double compression found in the DCT histograms", periodic.Count));
        return blockMap;
    }
}
