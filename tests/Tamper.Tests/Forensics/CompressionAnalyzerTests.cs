using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Forensics.Jpeg;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class CompressionAnalyzerTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(90)]
    [InlineData(97)]
    public void Quantization_tables_give_back_the_quality_they_were_written_with(int quality)
    {
        using var image = Masks.ColorImage(64, 48);
        Cv2.ImEncode(".jpg", image, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));

        var tables = JpegStructure.ReadTables(bytes);

        tables.Count.ShouldBe(2);
        tables[0].Values.ShouldBe(QuantizationTable.Scaled(QuantizationTable.StandardLuminance, quality));
        var luma = QualityEstimate.For(tables[0], chrominance: false);
        var chroma = QualityEstimate.For(tables[1], chrominance: true);
        (luma.Quality, luma.Exact).ShouldBe((quality, true));
        chroma.Quality.ShouldBe(quality);
    }

    [Fact]
    public void The_jpeg_analyzer_reports_quality_and_finds_aligned_double_compression()
    {
        using var image = Masks.ColorImage(512, 512, seed: 4);
        using var first = Forgeries.Jpeg(image, 60);
        var single = new JpegAnalyzer().Analyze(Forgeries.Input(image, jpegQuality: 90));
        var twice = new JpegAnalyzer().Analyze(Forgeries.Input(first, jpegQuality: 90));

        single.Findings.ShouldContain(finding => finding.Key == "jpeg.quality.table0" && finding.Value == 90);
        single.Findings.Single(finding => finding.Key == "jpeg.double_compression").Text.ShouldStartWith("no aligned double compression");
        twice.Findings.Single(finding => finding.Key == "jpeg.double_compression").Text.ShouldStartWith("aligned double compression");
        single.Dispose();
        twice.Dispose();
    }

    [Fact]
    public void A_singly_compressed_region_stands_out_in_a_double_compressed_image()
    {
        using var image = Masks.ColorImage(512, 512, seed: 8);
        using var host = Forgeries.Jpeg(image, 60);
        var region = new Rect(192, 192, 128, 128); // on the 8x8 grid
        image[region].CopyTo(host[region]);
        using var mask = Masks.WithRectangle(512, 512, region);

        using var result = new JpegAnalyzer().Analyze(Forgeries.Input(host, jpegQuality: 90));

        var (inside, outside) = Forgeries.MeanInsideOutside(result.Map!, mask);
        inside.ShouldBeGreaterThan(outside + 0.3);
    }

    [Fact]
    public void A_region_saved_at_another_quality_stands_out_in_ela()
    {
        // host compressed at quality 60, region fresh from the camera (never compressed) -> more error at 90
        using var image = Masks.ColorImage(384, 384, seed: 2);
        using var host = Forgeries.Jpeg(image, 60);
        var region = new Rect(128, 128, 128, 128);
        image[region].CopyTo(host[region]);
        using var mask = Masks.WithRectangle(384, 384, region);

        using var result = new ElaAnalyzer().Analyze(Forgeries.Input(host));

        var (inside, outside) = Forgeries.MeanInsideOutside(result.Map!, mask);
        inside.ShouldBeGreaterThan(outside + 0.3);
    }

    [Theory]
    [InlineData(60, 95)]
    [InlineData(95, 60)]
    public void A_region_saved_at_another_quality_stands_out_in_the_ghost_map(int hostQuality, int regionQuality)
    {
        using var image = Masks.ColorImage(384, 384, seed: 3);
        using var host = Forgeries.Jpeg(image, hostQuality);
        using var other = Forgeries.Jpeg(image, regionQuality);
        var region = new Rect(128, 128, 128, 128);
        other[region].CopyTo(host[region]);
        using var mask = Masks.WithRectangle(384, 384, region);

        using var result = new GhostAnalyzer().Analyze(Forgeries.Input(host));

        var (inside, outside) = Forgeries.MeanInsideOutside(result.Map!, mask);
        inside.ShouldBeGreaterThan(outside + 0.3);
        result.DetailMaps.Keys.ShouldContain($"q{Math.Min(hostQuality, regionQuality)}");
    }

    [Fact]
    public void A_region_with_added_noise_stands_out_in_the_noise_map()
    {
        using var image = Masks.ColorImage(384, 384, seed: 6);
        Cv2.GaussianBlur(image, image, new Size(9, 9), 0);
        using var noisy = image.Clone();
        var region = new Rect(96, 160, 128, 128);
        using (var noise = new Mat(region.Size, MatType.CV_16SC3))
        using (var patch = new Mat())
        {
            Cv2.Randn(noise, Scalar.All(0), Scalar.All(8));
            image[region].ConvertTo(patch, MatType.CV_16SC3);
            Cv2.Add(patch, noise, patch);
            patch.ConvertTo(noisy[region], MatType.CV_8UC3);
        }
        using var mask = Masks.WithRectangle(384, 384, region);

        using var result = new NoiseAnalyzer().Analyze(Forgeries.Input(noisy));

        var (inside, outside) = Forgeries.MeanInsideOutside(result.Map!, mask);
        inside.ShouldBeGreaterThan(outside + 0.3);
    }
}
