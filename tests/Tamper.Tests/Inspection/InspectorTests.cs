using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;
using Tamper.Inspection;
using Tamper.Tests.Support;

namespace Tamper.Tests.Inspection;

public sealed class InspectorTests
{
    /// <summary>An analyzer that counts how often it runs.</summary>
    private sealed class Counting(IForensicAnalyzer inner) : IForensicAnalyzer
    {
        public int Runs;

        public string Name => inner.Name;

        public string Description => inner.Description;

        public AnalysisResult Analyze(ForensicInput input)
        {
            Interlocked.Increment(ref Runs);
            return inner.Analyze(input);
        }
    }

    [Fact]
    public void The_page_reuses_the_maps_the_classical_detector_computed_instead_of_analyzing_twice()
    {
        var ela = new Counting(new ElaAnalyzer());
        var noise = new Counting(new NoiseAnalyzer());
        var metadata = new Counting(new MetadataAnalyzer());
        var inspector = new Inspector(new ClassicalDetector([ela, noise]), [ela, noise, metadata]);
        using var pixels = Masks.ColorImage(160, 120, seed: 4);
        var bytes = ImageWriter.EncodePng(pixels);
        using var image = new ImageLoader().Load(bytes, "page.png");

        var result = inspector.Inspect(new ForensicInput("page.png", image, bytes));

        (ela.Runs, noise.Runs, metadata.Runs).ShouldBe((1, 1, 1), "each analyzer runs once: the detector's two are observed, metadata runs for the page");
        result.Report.Analyzers.Select(view => view.Name).ShouldBe(["ela", "noise", "metadata"]);
        result.Report.Analyzers.Single(view => view.Name == "ela").Map.ShouldBe("ela.png");
        result.Files.ShouldContainKey("ela.png");
        result.Files.ShouldContainKey("noise.png");
    }
}
