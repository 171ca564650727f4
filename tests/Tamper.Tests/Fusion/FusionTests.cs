using OpenCvSharp;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Calibration;
using Tamper.Fusion;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;

namespace Tamper.Tests.Fusion;

[Collection(TorchCollection.Name)]
public sealed class FusionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Mat Filled(int width, int height, float value) => new(height, width, MatType.CV_32FC1, Scalar.All(value));

    private static FusionEvidence Evidence(Mat model, Mat classical, Mat? ela = null, double modelScore = 0.5, bool copyMoveFound = false)
    {
        var analyzers = new Dictionary<string, Mat>();
        if (ela is not null)
            analyzers["ela"] = ela;
        return FusionEvidence.Of(model.Size(), model, modelScore, classical, 0.25, analyzers, copyMoveFound ? new HashSet<string> { "copymove" } : []);
    }

    [Fact]
    public void The_fused_heat_and_image_score_are_the_documented_logistic_combinations()
    {
        using var model = Filled(40, 30, 0.6f);
        using var classical = Filled(40, 30, 0.2f);
        classical.At<float>(10, 10) = 0.8f;
        var ela = Filled(40, 30, 0.5f);
        using var evidence = Evidence(model, classical, ela, modelScore: 0.9, copyMoveFound: true);
        var weights = new FusionWeights(
            new Dictionary<string, double> { ["model"] = 2, ["classical-relative"] = 3, ["ela"] = -1, ["noise"] = 5 }, -1,
            new Dictionary<string, double> { ["model-score"] = 2, ["classical-score"] = 4, ["copymove-found"] = 1 }, -2);

        using var heat = weights.Heat(evidence);

        // classical-relative: 0.2 / 0.8 = 0.25 everywhere but (10, 10), where it is 1; noise has no map: it counts 0
        heat.Size().ShouldBe(new Size(40, 30));
        heat.At<float>(0, 0).ShouldBe((float)FusionWeights.Sigmoid(-1 + 2 * 0.6 + 3 * 0.25 - 0.5), 1e-5f);
        heat.At<float>(10, 10).ShouldBe((float)FusionWeights.Sigmoid(-1 + 2 * 0.6 + 3 * 1 - 0.5), 1e-5f);
        weights.ImageScore(evidence).ShouldBe(FusionWeights.Sigmoid(-2 + 2 * 0.9 + 4 * 0.25 + 1), 1e-9);
        evidence.Image(FusionFeatures.ModelMax).ShouldBe(0.6, 1e-6);
        // the model map is flat (its share of its maximum is 1 everywhere): the hot spots meet where the classical
        // map peaks, at (10, 10); the model's hottest 1 % is 0.6
        evidence.Image(FusionFeatures.HotspotAgreement).ShouldBe(1, 1e-6);
        evidence.Image(FusionFeatures.ModelTop).ShouldBe(0.6, 1e-6);
        evidence.Image(FusionFeatures.Found("jpeg")).ShouldBe(0);
    }

    [Fact]
    public void Where_exact_copies_were_found_they_are_the_heat_whatever_the_weights()
    {
        using var model = Filled(40, 30, 0.9f);
        using var classical = Filled(40, 30, 0.7f);
        var copies = Filled(40, 30, 0f);
        copies[new Rect(5, 5, 6, 4)].SetTo(Scalar.All(1));
        copies[new Rect(25, 18, 6, 4)].SetTo(Scalar.All(1));
        var weights = new FusionWeights(new Dictionary<string, double> { ["model"] = 3, ["classical"] = 2, ["copymove"] = 0.5 }, 0,
            new Dictionary<string, double> { ["copymove-found"] = 1 }, 0);
        var found = new HashSet<string> { "copymove", FusionFeatures.ExactCopies };
        using var evidence = FusionEvidence.Of(model.Size(), model, 0.5, classical, 0.25, new Dictionary<string, Mat> { ["copymove"] = copies }, found);
        using var approximate = FusionEvidence.Of(model.Size(), model, 0.5, classical, 0.25, new Dictionary<string, Mat> { ["copymove"] = copies.Clone() }, new HashSet<string> { "copymove" });

        using var heat = weights.Heat(evidence);
        using var weighed = weights.Heat(approximate);

        evidence.ExactCopies.ShouldBeTrue();
        heat.At<float>(6, 7).ShouldBe(1f);
        heat.At<float>(19, 27).ShouldBe(1f);
        heat.At<float>(0, 0).ShouldBe(0f);
        // the image score is weighed as ever; approximate copies are weighed like any map
        weights.ImageScore(evidence).ShouldBe(FusionWeights.Sigmoid(1), 1e-9);
        weighed.At<float>(0, 0).ShouldBe((float)FusionWeights.Sigmoid(3 * 0.9 + 2 * 0.7), 1e-5f);
    }

    [Fact]
    public void A_maps_surroundings_spread_a_lone_hot_cell_and_are_absent_where_the_map_is()
    {
        // one hot cell in a 200 x 100 grid: σ of the context is 2 % of 200 = 4 cells, of the wide surroundings 16
        using var model = Filled(200, 100, 0f);
        model.At<float>(50, 100) = 1f;
        using var classical = Filled(200, 100, 0.3f);
        using var evidence = Evidence(model, classical);

        var context = evidence.Map(FusionFeatures.Context(FusionFeatures.Model))!;
        var wide = evidence.Map(FusionFeatures.Wide(FusionFeatures.Model))!;
        // a 2-D Gaussian's peak is 1 / (2π σ²) of the mass: 1 / (2π 16) ≈ 0.0099 for σ 4
        context.At<float>(50, 100).ShouldBe((float)(1 / (2 * Math.PI * 16)), 0.001f);
        context.At<float>(50, 104).ShouldBeGreaterThan(context.At<float>(50, 110));
        context.At<float>(50, 130).ShouldBe(0f, 1e-4f);
        // the wide one: spread further, lower at the peak, still about the same mass
        wide.At<float>(50, 100).ShouldBeLessThan(context.At<float>(50, 100) / 4);
        wide.At<float>(50, 130).ShouldBeGreaterThan(0f);
        Cv2.Sum(wide).Val0.ShouldBe(1, 0.1);
        // a flat map stays flat; a map the image has not (no ELA map given) has no surroundings either
        evidence.Map(FusionFeatures.Context(FusionFeatures.Classical))!.At<float>(0, 0).ShouldBe(0.3f, 1e-5f);
        evidence.Map(FusionFeatures.Context("ela")).ShouldBeNull();
        Should.Throw<UnknownNameException>(() => evidence.Map("model-nearby"));
        FusionFeatures.Pixel.ShouldContain(FusionFeatures.Wide("copymove"));
        FusionFeatures.PixelWith(["noiseprint"]).ShouldContain(FusionFeatures.Context("noiseprint.grid"));
    }

    [Fact]
    public void A_wide_blur_taken_on_a_shrunk_map_is_close_to_the_direct_gaussian()
    {
        using var map = new Mat(300, 400, MatType.CV_32FC1);
        Cv2.Randu(map, Scalar.All(0), Scalar.All(1));
        map[new Rect(100, 100, 80, 60)].SetTo(Scalar.All(3));
        using var direct = new Mat();
        Cv2.GaussianBlur(map, direct, new Size(0, 0), 32, 0, BorderTypes.Reflect101);

        using var fast = FusionEvidence.Blurred(map, 32);

        using var difference = new Mat();
        Cv2.Absdiff(direct, fast, difference);
        Cv2.MinMaxLoc(direct, out double low, out double high);
        Cv2.MinMaxLoc(difference, out _, out double largest);
        // within a few percent of the blurred map's range (it spans the patch's contrast)
        largest.ShouldBeLessThan(0.05 * (high - low));
    }

    [Fact]
    public void Hot_spots_agree_only_as_far_as_both_maps_are_hot_in_the_same_place()
    {
        // model hottest at the left, classical at the right, both warm (half their maximum) in the middle
        using var model = Filled(30, 10, 0.1f);
        using var classical = Filled(30, 10, 0.1f);
        model[new Rect(0, 0, 10, 10)].SetTo(Scalar.All(0.8));
        model[new Rect(10, 0, 10, 10)].SetTo(Scalar.All(0.4));
        classical[new Rect(20, 0, 10, 10)].SetTo(Scalar.All(0.6));
        classical[new Rect(10, 0, 10, 10)].SetTo(Scalar.All(0.3));
        using var evidence = Evidence(model, classical);

        evidence.Image(FusionFeatures.HotspotAgreement).ShouldBe(0.5, 1e-5);
        evidence.Image(FusionFeatures.ModelTop).ShouldBe(0.8, 1e-6); // the top 1 % of 300 cells: 3 cells, all 0.8
    }

    [Fact]
    public void A_logistic_fit_weighs_the_feature_that_separates_and_not_the_noise()
    {
        var random = new Random(5);
        int count = 4000;
        var rows = new float[count * 2];
        var labels = new float[count];
        for (int index = 0; index < count; index++)
        {
            labels[index] = index % 2;
            rows[2 * index] = (float)(labels[index] > 0 ? 0.6 + 0.4 * random.NextDouble() : 0.4 * random.NextDouble());
            rows[2 * index + 1] = (float)random.NextDouble();
        }

        var (weights, bias, loss) = LogisticFit.Fit(rows, 2, labels, Enumerable.Repeat(1f, count).ToArray());

        weights[0].ShouldBeGreaterThan(5);
        Math.Abs(weights[1]).ShouldBeLessThan(0.5);
        (bias + weights[0] * 0.5).ShouldBe(0, 1.0); // the boundary sits between the two classes
        loss.ShouldBeLessThan(0.2);
    }

    [Fact]
    public void Fitted_samples_put_the_weight_on_the_map_that_shows_the_region()
    {
        // ELA shows each forgery's square; the model's map is noise: the fit must trust ELA, and the image score must
        // rise with the model's image score, which is high on the forgeries and low on the untouched images
        var samples = new FusionSamples(cellsPerImage: 400, seed: 2);
        var random = new Random(3);
        for (int index = 0; index < 12; index++)
        {
            var box = new Rect(5 + index, 8, 20, 15);
            using var truth = new Mat(40, 50, MatType.CV_8UC1, Scalar.All(0));
            truth[box].SetTo(Scalar.All(255));
            using var model = new Mat(40, 50, MatType.CV_32FC1);
            Cv2.Randu(model, Scalar.All(0), Scalar.All(1));
            var ela = Filled(50, 40, 0.1f);
            ela[box].SetTo(Scalar.All(0.7));
            using var classical = Filled(50, 40, 0.3f);
            using (var evidence = Evidence(model, classical, ela, modelScore: 0.7 + 0.2 * random.NextDouble()))
                samples.Add(evidence, truth);
            using var untouched = Evidence(model, classical, modelScore: 0.1 + 0.2 * random.NextDouble());
            samples.Add(untouched, null);
        }

        var weights = samples.Fit(1e-3, out var pixelLoss, out _)!;

        (samples.Edited, samples.Unedited, samples.TooSmall).ShouldBe((12, 12, 0));
        weights.Image.Keys.ShouldBe(FusionFeatures.Image, ignoreOrder: true);
        weights.Pixel["ela"].ShouldBeGreaterThan(Math.Abs(weights.Pixel["model"]) + 2);
        weights.Image["model-score"].ShouldBeGreaterThan(1);
        pixelLoss.ShouldBeLessThan(0.3);
        weights.Validate();
    }

    [Fact]
    public void With_sources_balanced_a_small_source_that_disagrees_weighs_as_much_as_a_large_one()
    {
        // source "large": 20 forgeries scored 0.8 by the model, 20 photos 0.2; source "small": 2 and 2, the other way round
        FusionWeights Fit(bool balanced)
        {
            var samples = new FusionSamples(cellsPerImage: 100, seed: 4);
            foreach (var (source, count, edited, untouched) in new[] { ("large", 20, 0.8, 0.2), ("small", 2, 0.2, 0.8) })
                for (int index = 0; index < count; index++)
                {
                    using var model = Filled(20, 20, 0.5f);
                    using var classical = Filled(20, 20, 0.3f);
                    using var truth = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(0));
                    truth[new Rect(5, 5, 8, 8)].SetTo(Scalar.All(255));
                    using (var evidence = Evidence(model, classical, modelScore: edited))
                        samples.Add(evidence, truth, balanced ? source : "");
                    using (var evidence = Evidence(model, classical, modelScore: untouched))
                        samples.Add(evidence, null, balanced ? source : "");
                }
            return samples.Fit(1e-3, out _, out _)!;
        }

        var plain = Fit(balanced: false).Image["model-score"];
        var balanced = Fit(balanced: true).Image["model-score"];

        plain.ShouldBeGreaterThan(2);
        Math.Abs(balanced).ShouldBeLessThan(plain / 4);
    }

    [Fact]
    public void A_fit_with_an_optional_analyzer_weighs_its_maps_and_their_hottest_share_and_names_the_analyzer()
    {
        var samples = new FusionSamples(cellsPerImage: 200, seed: 5, FusionFeatures.PixelWith(["noiseprint"]));
        var box = new Rect(6, 6, 10, 10);
        for (int index = 0; index < 8; index++)
        {
            using var model = Filled(30, 30, 0.5f);
            using var classical = Filled(30, 30, 0.3f);
            using var truth = new Mat(30, 30, MatType.CV_8UC1, Scalar.All(0));
            truth[box].SetTo(Scalar.All(255));
            var grid = Filled(30, 30, 0.1f);
            grid[box].SetTo(Scalar.All(0.9));
            var maps = new Dictionary<string, Mat> { ["noiseprint.grid"] = grid, ["noiseprint.statistics"] = Filled(30, 30, 0.2f) };
            using (var evidence = FusionEvidence.Of(model.Size(), model, 0.5, classical, 0.25, maps, new HashSet<string>()))
                samples.Add(evidence, truth);
            var untouchedMaps = new Dictionary<string, Mat> { ["noiseprint.grid"] = Filled(30, 30, 0.1f), ["noiseprint.statistics"] = Filled(30, 30, 0.2f) };
            using (var untouched = FusionEvidence.Of(model.Size(), model, 0.5, classical, 0.25, untouchedMaps, new HashSet<string>()))
                samples.Add(untouched, null);
        }

        var weights = samples.Fit(1e-3, out _, out _)!;

        weights.Pixel.Keys.ShouldBe([.. FusionFeatures.Pixel, "noiseprint.grid", "noiseprint.statistics", "noiseprint.grid-context", "noiseprint.grid-wide",
            "noiseprint.statistics-context", "noiseprint.statistics-wide"], ignoreOrder: true);
        weights.Image.Keys.ShouldBe([.. FusionFeatures.Image, "noiseprint.grid-top", "noiseprint.statistics-top"], ignoreOrder: true);
        weights.Pixel["noiseprint.grid"].ShouldBeGreaterThan(2);
        weights.Image["noiseprint.grid-top"].ShouldBeGreaterThan(1);
        weights.OptionalAnalyzers.ShouldBe(["noiseprint"]);
        weights.Validate();
    }

    [Theory]
    [InlineData("data/real-train/images/comofod_012.png", "images/comofod")]
    [InlineData("data/real-train/authentic/mtn_4_orig.jpg", "authentic/mtn")]
    [InlineData("data/real-train/extra/12084.jpg", "extra")]
    public void An_images_source_is_its_folder_and_its_name_prefix(string path, string source) =>
        FusionFit.SourceOf(path).ShouldBe(source);

    [Fact]
    public void Fused_detection_uses_the_model_files_fusion_and_a_file_with_an_unknown_feature_is_named()
    {
        using var image = Masks.ColorImage(120, 90, seed: 6);
        var box = new Rect(30, 20, 40, 40);
        var path = _temp.File("fused.tamper");
        var fusion = new FusionWeights(new Dictionary<string, double> { ["ela"] = 10 }, -5, new Dictionary<string, double> { ["classical-score"] = 1 }, 0);
        using (var network = ConstantNetworks.Create(0.5, 0.9))
            ModelFile.Save(path, network, new ModelDescription(network.Spec) { Fusion = fusion });
        ModelFile.ReadDescription(path).Fusion!.Pixel["ela"].ShouldBe(10);
        using var detector = new FusedDetector(new LearnedDetector(path), new ClassicalDetector([new KnownMapAnalyzer(box, 1f, 0f, name: "ela", strong: false)]));
        var input = Forgeries.Input(image);
        using (input.Image)
        using (var result = detector.Detect(input))
        {
            result.Heatmap.Size().ShouldBe(new Size(120, 90));
            result.Heatmap.At<float>(40, 50).ShouldBe((float)FusionWeights.Sigmoid(5), 1e-3f);
            result.Heatmap.At<float>(5, 5).ShouldBe((float)FusionWeights.Sigmoid(-5), 1e-3f);
            result.Mask.At<byte>(40, 50).ShouldBe((byte)255);
            result.Mask.At<byte>(5, 5).ShouldBe((byte)0);
            // the fused score is the one judged: the model's own finding (its score under the rule) is replaced
            result.Findings.ShouldContain(finding => finding.Key == "fused.image-score" && finding.Value == result.ImageScore);
            result.Findings.ShouldNotContain(finding => finding.Key == LearnedDetector.ImageScoreFinding);
            // the classical score is the 99.9th percentile of its blurred map (1 inside): σ(1 × that)
            result.ImageScore.ShouldBeGreaterThan(FusionWeights.Sigmoid(0.5));
        }

        var unknown = _temp.File("unknown.tamper");
        using (var network = ConstantNetworks.Create(0.5, 0.9))
            ModelFile.Save(unknown, network, new ModelDescription(network.Spec) { Fusion = fusion with { Pixel = new Dictionary<string, double> { ["sharpness"] = 1 } } });
        var error = Should.Throw<InputFileException>(() => ModelFile.ReadDescription(unknown));
        error.Message.ShouldContain("unknown.tamper");
        error.Message.ShouldContain("sharpness");
    }

    [Fact]
    public void A_fusion_that_weighs_an_optional_map_runs_its_analyzer_apart_and_the_model_carries_its_terms()
    {
        using var image = Masks.ColorImage(120, 90, seed: 7);
        var box = new Rect(20, 30, 40, 30);
        var path = _temp.File("noiseprint-fused.tamper");
        var fusion = new FusionWeights(new Dictionary<string, double> { ["noiseprint.grid"] = 10, ["classical"] = 1 }, -5, new Dictionary<string, double> { ["classical-score"] = 1 }, 0);
        using (var network = ConstantNetworks.Create(0.5, 0.9))
            ModelFile.Save(path, network, new ModelDescription(network.Spec) { Fusion = fusion });
        var plain = _temp.File("plain.tamper");
        using (var network = ConstantNetworks.Create(0.5, 0.9))
            ModelFile.Save(plain, network, new ModelDescription(network.Spec) { Fusion = fusion with { Pixel = new Dictionary<string, double> { ["ela"] = 1 } } });

        ModelFile.ReadDescription(path).License.ShouldBe(Tamper.Model.Layers.NoiseprintExtractor.UseLicense);
        ModelFile.ReadDescription(plain).License.ShouldBeNull();
        using (var registered = (FusedDetector)DetectorRegistry.Create(FusedDetector.MethodName, modelPath: path))
            registered.FusionAnalyzers.Select(analyzer => analyzer.Name).ShouldBe(["noiseprint"]);
        using (var registered = (FusedDetector)DetectorRegistry.Create(FusedDetector.MethodName, modelPath: plain))
            registered.FusionAnalyzers.ShouldBeEmpty();
        using (var asked = (FusedDetector)DetectorRegistry.Create(FusedDetector.MethodName, new DetectorRequest(ModelPath: plain, FusionAnalyzers: "noiseprint")))
            asked.FusionAnalyzers.Select(analyzer => analyzer.Name).ShouldBe(["noiseprint"]);
        Should.Throw<UnknownNameException>(() => DetectorRegistry.Create(FusedDetector.MethodName, new DetectorRequest(ModelPath: plain, FusionAnalyzers: "ela")));

        // the optional map feeds the fusion (σ(10 × 1 - 5) inside) but not the classical heat, which stays 0 (no analyzers)
        var optional = new KnownMapAnalyzer(box, 1f, 0f, "noiseprint", false, "grid", "statistics");
        using var detector = new FusedDetector(new LearnedDetector(path), new ClassicalDetector([]), [optional]);
        var input = Forgeries.Input(image);
        using (input.Image)
        {
            var (evidence, _, seconds) = detector.Collect(input);
            using (evidence)
            {
                Cv2.CountNonZero(evidence.Map("classical")!).ShouldBe(0);
                evidence.Map("noiseprint.grid")!.At<float>(45, 40).ShouldBe(1f, 1e-3f);
                evidence.Map("noiseprint.statistics")!.At<float>(45, 40).ShouldBe(1f, 1e-3f);
                // and its hottest 1 % is an image feature (the box covers 11 % of the image, all at 1)
                evidence.Image("noiseprint.grid-top").ShouldBe(1, 1e-6);
            }
            seconds.Keys.ShouldContain("noiseprint");
            using var result = detector.Detect(input);
            result.Heatmap.At<float>(45, 40).ShouldBe((float)FusionWeights.Sigmoid(5), 1e-3f);
            result.Heatmap.At<float>(5, 5).ShouldBe((float)FusionWeights.Sigmoid(-5), 1e-3f);
        }
    }
}
