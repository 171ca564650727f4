using Tamper.Forensics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class MetadataAnalyzerTests
{
    [Fact]
    public void An_image_without_exif_says_so_and_has_no_map()
    {
        using var image = Masks.ColorImage(64, 48);
        var input = Forgeries.Input(image, jpegQuality: 90);
        using (input.Image)
        using (var result = new MetadataAnalyzer().Analyze(input))
        {
            result.Map.ShouldBeNull();
            result.Findings.ShouldContain(finding => finding.Key == "metadata.no_exif");
        }
    }

    [Fact]
    public void A_png_software_text_chunk_naming_an_editor_is_reported()
    {
        using var image = Masks.ColorImage(32, 32);
        var png = Tamper.Imaging.ImageWriter.EncodePng(image);
        var withText = InsertPngTextChunk(png, "Software", "GIMP 2.10.34");
        using var raster = new Tamper.Imaging.ImageLoader().Load(withText, "edited.png");

        using var result = new MetadataAnalyzer().Analyze(new ForensicInput("edited.png", raster, withText));

        result.Findings.ShouldContain(finding => finding.Key == "metadata.editor" && finding.Text.Contains("GIMP"));
    }

    /// <summary>Adds a tEXt chunk right after IHDR (CRC computed as PNG requires).</summary>
    private static byte[] InsertPngTextChunk(byte[] png, string keyword, string text)
    {
        var data = System.Text.Encoding.Latin1.GetBytes(keyword + "\0" + text);
        var type = "tEXt"u8.ToArray();
        var chunk = new List<byte>();
        chunk.AddRange(BigEndian(data.Length));
        chunk.AddRange(type);
        chunk.AddRange(data);
        chunk.AddRange(BigEndian((int)System.IO.Hashing.Crc32.HashToUInt32([.. type, .. data])));
        const int afterHeader = 8 + 25; // signature + IHDR chunk (4 length + 4 type + 13 data + 4 CRC)
        return [.. png[..afterHeader], .. chunk, .. png[afterHeader..]];
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
