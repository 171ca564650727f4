using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Model.Layers;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

[Collection(TorchCollection.Name)]
public sealed class NoiseprintAnalyzerTests
{
    [Fact]
    public void A_region_without_the_hosts_compression_trace_stands_out()
    {
        // host: a JPEG (its 8-px block trace everywhere); the pasted square comes from an uncompressed image
        using var image = Masks.ColorImage(256, 256, seed: 5);
        using var host = Forgeries.Jpeg(image, 70);
        using var other = Masks.ColorImage(256, 256, seed: 9);
        var region = new Rect(100, 92, 96, 96);
        other[region].CopyTo(host[region]);
        using var mask = Masks.WithRectangle(256, 256, region);

        using var result = new NoiseprintAnalyzer().Analyze(Forgeries.Input(host));

        var (inside, outside) = Forgeries.MeanInsideOutside(result.Map!, mask);
        inside.ShouldBeGreaterThan(outside + 0.3);
        result.DetailMaps.Keys.ShouldBe(["trace", "statistics", "grid"], ignoreOrder: true);
        result.Findings.ShouldContain(finding => finding.Key == "noiseprint.license" && finding.Text == NoiseprintExtractor.UseLicense);
    }

    [Fact]
    public void The_noiseprint_trace_runs_only_when_named()
    {
        AnalyzerRegistry.Names.ShouldContain("noiseprint");
        AnalyzerRegistry.Parse(null).Select(analyzer => analyzer.Name).ShouldBe(AnalyzerRegistry.Defaults);
        AnalyzerRegistry.Defaults.ShouldNotContain("noiseprint");
        AnalyzerRegistry.Parse("ela,noiseprint").Select(analyzer => analyzer.Name).ShouldBe(["ela", "noiseprint"]);
    }
}
