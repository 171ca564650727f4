using SkiaSharp;
using Tamper.Data.Synthesis.Sources;
using Tamper.Tests.Support;

namespace Tamper.Tests.Synthesis;

public sealed class PdfPagesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Pdf_pages_are_rendered_to_images_once()
    {
        Skip.IfNot(File.Exists("/usr/bin/pdftoppm"), "pdftoppm is not installed (sudo apt-get install poppler-utils; ./run-tests installs it)");
        WritePdf(_temp.File("pdfs/manual.pdf"), pages: 2);
        var cache = _temp.Path + "/cache";

        PdfPages.Render(_temp.Folder("pdfs"), cache);
        var pages = Directory.GetFiles(cache, "*.png").Order().ToList();
        var written = File.GetLastWriteTimeUtc(pages[0]);
        PdfPages.Render(_temp.Folder("pdfs"), cache);

        pages.Count.ShouldBe(2);
        using var page = new Tamper.Imaging.ImageLoader().Load(pages[0]);
        page.Width.ShouldBe(1240); // A4 at 150 dpi: 595 x 842 pt
        page.Height.ShouldBeInRange(1754, 1755);
        File.GetLastWriteTimeUtc(pages[0]).ShouldBe(written);
    }

    [Fact]
    public void A_missing_pdf_folder_is_named()
    {
        Should.Throw<InputFileException>(() => PdfPages.Render(_temp.Path + "/none", _temp.Path + "/cache")).Problem.ShouldBe("folder not found");
    }

    private static void WritePdf(string path, int pages)
    {
        using var stream = File.Create(path);
        using var document = SKDocument.CreatePdf(stream);
        for (int i = 0; i < pages; i++)
        {
            var canvas = document.BeginPage(595, 842); // A4 in points
            using var paint = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(100, 100 + 50 * i, 300, 40, paint);
            document.EndPage();
        }
        document.Close();
    }
}
