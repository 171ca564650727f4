using OpenCvSharp;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;

namespace Tamper.Tests.Detection;

[Collection(TorchCollection.Name)]
public sealed class FusedDetectorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Model(double pixel, double image)
    {
        var path = _temp.File($"m{pixel}-{image}.tamper");
        using var network = ConstantNetworks.Create(pixel, image);
        ModelFile.Save(path, network, new ModelDescription(network.Spec));
        return path;
    }

    [Fact]
    public void The_fused_heat_is_the_mean_of_the_model_and_the_classical_map_and_only_agreement_passes()
    {
        // model 0.7 everywhere; classical 0.9 inside a square, 0 outside: fused 0.8 inside, 0.35 outside
        using var image = Masks.ColorImage(200, 160, seed: 3);
        var input = Forgeries.Input(image);
        var box = new Rect(60, 40, 80, 80);
        using var detector = new FusedDetector(new LearnedDetector(Model(0.7, 0.9)), new ClassicalDetector([new KnownMapAnalyzer(box, 0.9f, 0f)]));
        using (input.Image)
        using (var result = detector.Detect(input))
        {
            result.Heatmap.At<float>(80, 100).ShouldBe(0.8f, 0.02f);
            result.Heatmap.At<float>(5, 5).ShouldBe(0.35f, 0.02f);
            result.ImageScore.ShouldBe(0.9, 0.01);
            using var inside = new Mat(result.Mask, new Rect(70, 50, 60, 60));
            Cv2.CountNonZero(inside).ShouldBe(60 * 60);
            result.Mask.At<byte>(5, 5).ShouldBe((byte)0);
        }
    }

    [Fact]
    public void The_fused_mask_follows_the_models_operating_point()
    {
        // image score 0.3 under the analyst image threshold 0.5: empty; at the contest point: never empty
        using var image = Masks.ColorImage(120, 100, seed: 4);
        var box = new Rect(10, 10, 40, 40);
        var model = Model(0.9, 0.3);
        using var analyst = new FusedDetector(new LearnedDetector(model), new ClassicalDetector([new KnownMapAnalyzer(box, 0.9f, 0f)]));
        using var contest = new FusedDetector(new LearnedDetector(model, operatingPoint: OperatingPoint.Contest), new ClassicalDetector([new KnownMapAnalyzer(box, 0.9f, 0f)]));
        var input = Forgeries.Input(image);
        using (input.Image)
        using (var quiet = analyst.Detect(input))
        using (var marked = contest.Detect(input))
        {
            Cv2.CountNonZero(quiet.Mask).ShouldBe(0);
            Cv2.CountNonZero(marked.Mask).ShouldBeGreaterThan(30 * 30);
        }
    }
}
