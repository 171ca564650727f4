using OpenCvSharp;
using Tamper.Detection;
using Tamper.Fusion;
using Tamper.Model.Checkpoints;
using Tamper.Model.Prediction;
using Tamper.Tests.Support;

namespace Tamper.Tests.Fusion;

[Collection(TorchCollection.Name)]
public sealed class EvidenceCacheTests : IDisposable
{
    private static readonly Rect Box = new(40, 30, 50, 40);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Model(double pixel, string name)
    {
        var path = _temp.File(name);
        using var network = ConstantNetworks.Create(pixel, 0.6);
        ModelFile.Save(path, network, new ModelDescription(network.Spec));
        return path;
    }

    /// <summary>A fused detector over a known ELA map and a known Noiseprint++-like optional analyzer, both counting their runs.</summary>
    private static (FusedDetector Detector, CountingAnalyzer Ela, CountingAnalyzer Optional) Detector(string model, string cacheFolder)
    {
        var ela = new CountingAnalyzer(new KnownMapAnalyzer(Box, 0.9f, 0.1f, name: "ela"));
        var optional = new CountingAnalyzer(new KnownMapAnalyzer(Box, 0.7f, 0.2f, name: "noiseprint", strong: false,
            details: [.. FusionFeatures.OptionalAnalyzerDetails["noiseprint"]]));
        var key = EvidenceCache.KeyOf(ModelFile.WeightsDigest(model), new PredictorOptions().ToString(), ["ela"], ["noiseprint"]);
        var detector = new FusedDetector(new LearnedDetector(model), new ClassicalDetector([ela]), [optional]) { Cache = new EvidenceCache(cacheFolder, key) };
        return (detector, ela, optional);
    }

    /// <summary>A feature's values (null when the image has no such map).</summary>
    private static float[]? Values(FusionEvidence evidence, string feature)
    {
        if (evidence.Map(feature) is not { } map)
            return null;
        map.GetArray(out float[] values);
        return values;
    }

    [Fact]
    public void Evidence_read_back_equals_the_computed_evidence_and_no_analyzer_or_network_runs_for_it()
    {
        var model = Model(0.3, "m.tamper");
        var folder = _temp.Folder("cache");
        using var image = Masks.ColorImage(160, 120, seed: 5);
        var input = Forgeries.Input(image);
        var (detector, ela, optional) = Detector(model, folder);
        using (input.Image)
        using (detector)
        {
            var (computed, findings, _) = detector.Collect(input);
            var (read, readFindings, _) = detector.Collect(input);
            using (computed)
            using (read)
            {
                ela.Calls.ShouldBe(1);
                optional.Calls.ShouldBe(1);
                detector.Cache!.Writes.ShouldBe(1);
                detector.Cache.Hits.ShouldBe(1);
                Directory.GetFiles(folder, "*" + EvidenceCache.Extension).Length.ShouldBe(1);
                findings.ShouldNotBeEmpty();
                readFindings.ShouldBeEmpty();
                var pixelFeatures = FusionFeatures.PixelWith(["noiseprint"]);
                pixelFeatures.ShouldContain(FusionFeatures.OptionalFeature("noiseprint", FusionFeatures.OptionalAnalyzerDetails["noiseprint"][0]));
                pixelFeatures.Count(feature => Values(computed, feature) is not null).ShouldBeGreaterThan(10);
                foreach (var feature in pixelFeatures)
                    Values(read, feature).ShouldBe(Values(computed, feature), feature);
                read.ImageValues.ShouldBe(computed.ImageValues, ignoreOrder: true);
                // the known maps themselves came back: ELA 0.9 inside its box, 0.1 outside, on the grid
                read.Map("ela")!.At<float>(50, 60).ShouldBe(0.9f, 1e-6f);
                read.Map("ela")!.At<float>(5, 5).ShouldBe(0.1f, 1e-6f);
                read.Map(FusionFeatures.Model)!.At<float>(5, 5).ShouldBe(0.3f, 0.01f);
            }
        }
    }

    [Fact]
    public void Another_network_reads_none_of_the_first_ones_entries_but_a_new_description_of_the_same_network_does()
    {
        var folder = _temp.Folder("cache");
        var first = Model(0.3, "first.tamper");
        // what tamper fuse and calibrate write: the same network under another description
        var redescribed = _temp.File("redescribed.tamper");
        var (network, description) = ModelFile.Load(first);
        using (network)
            ModelFile.Save(redescribed, network, description with { Threshold = 0.7 });
        var other = Model(0.8, "other.tamper");
        ModelFile.WeightsDigest(redescribed).ShouldBe(ModelFile.WeightsDigest(first));
        ModelFile.WeightsDigest(other).ShouldNotBe(ModelFile.WeightsDigest(first));
        using var image = Masks.ColorImage(120, 100, seed: 6);
        var input = Forgeries.Input(image);
        using (input.Image)
        {
            foreach (var (model, expectedModelHeat, expectedHits) in new[] { (first, 0.3f, 0), (other, 0.8f, 0), (redescribed, 0.3f, 1) })
            {
                var (detector, ela, _) = Detector(model, folder);
                using (detector)
                {
                    var (evidence, _, _) = detector.Collect(input);
                    using (evidence)
                        evidence.Map(FusionFeatures.Model)!.At<float>(5, 5).ShouldBe(expectedModelHeat, 0.01f, model);
                    detector.Cache!.Hits.ShouldBe(expectedHits, model);
                    ela.Calls.ShouldBe(1 - expectedHits, model);
                }
            }
        }
        Directory.GetFiles(folder, "*" + EvidenceCache.Extension).Length.ShouldBe(2);
    }

    [Fact]
    public void A_damaged_entry_is_computed_again_and_rewritten()
    {
        var model = Model(0.3, "m.tamper");
        var folder = _temp.Folder("cache");
        using var image = Masks.ColorImage(120, 100, seed: 7);
        var input = Forgeries.Input(image);
        using (input.Image)
        {
            float[]? expected;
            var (first, _, _) = Detector(model, folder);
            using (first)
            {
                var (evidence, _, _) = first.Collect(input);
                using (evidence)
                    expected = Values(evidence, "ela");
            }
            var entry = Directory.GetFiles(folder, "*" + EvidenceCache.Extension).ShouldHaveSingleItem();
            var bytes = File.ReadAllBytes(entry);
            File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]);

            var (second, ela, _) = Detector(model, folder);
            using (second)
            {
                var (evidence, _, _) = second.Collect(input);
                using (evidence)
                    Values(evidence, "ela").ShouldBe(expected);
                ela.Calls.ShouldBe(1);
                second.Cache!.Hits.ShouldBe(0);
                second.Cache.Writes.ShouldBe(1);
            }
            new FileInfo(entry).Length.ShouldBe(bytes.Length);
        }
    }

    [Fact]
    public void A_cache_folder_that_is_a_file_is_refused_before_any_work()
    {
        var file = _temp.File("not-a-folder");
        File.WriteAllText(file, "x");
        Should.Throw<OutputLocationException>(() => new EvidenceCache(file, "key")).Message.ShouldContain("is a file");
    }
}
