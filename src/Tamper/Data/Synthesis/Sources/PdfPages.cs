using System.Diagnostics;

namespace Tamper.Data.Synthesis.Sources;

/// <summary>Renders the PDFs of a folder to page images with poppler's pdftoppm (Debian package poppler-utils).</summary>
public static class PdfPages
{
    /// <summary>Renders every PDF under <paramref name="pdfFolder"/> at 150 dpi into <paramref name="cacheFolder"/> (once).</summary>
    /// <exception cref="InputFileException">pdftoppm is missing or fails.</exception>
    public static string Render(string pdfFolder, string cacheFolder, int maxPagesPerPdf = 20)
    {
        if (!Directory.Exists(pdfFolder))
            throw new InputFileException(pdfFolder, "folder not found");
        Directory.CreateDirectory(cacheFolder);
        foreach (var pdf in Directory.EnumerateFiles(pdfFolder, "*.pdf", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var prefix = Path.Combine(cacheFolder, Path.GetFileNameWithoutExtension(pdf));
            if (Directory.EnumerateFiles(cacheFolder, Path.GetFileName(prefix) + "-*.png").Any())
                continue;
            var start = new ProcessStartInfo("pdftoppm", ["-r", "150", "-png", "-l", maxPagesPerPdf.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf, prefix])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            try
            {
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                    throw new InputFileException(pdf, $"pdftoppm failed: {error.Trim()}");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new InputFileException(pdfFolder, "pdftoppm not found (sudo apt-get install poppler-utils)");
            }
        }
        return cacheFolder;
    }
}
