using Tamper.Cli;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class FuseCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Fuse_writes_the_fitted_fusion_drops_the_fused_points_and_skips_a_damaged_image_in_either_folder()
    {
        var model = _temp.File("constant.tamper");
        using (var network = ConstantNetworks.Create(pixelProbability: 0.6, imageProbability: 0.7))
            ModelFile.Save(model, network, new ModelDescription(network.Spec)
            {
                OperatingPoints = new Dictionary<string, OperatingPoint>
                {
                    ["analyst"] = new(0.4, 0.6, NeverEmpty: false),
                    ["fused/analyst"] = new(0.7, 0.8, NeverEmpty: false),
                },
            });
        var data = TinyForgeries.Write(_temp.Folder("set"), count: 4, size: 96);
        File.WriteAllText(Path.Combine(data, "images", "tiny_broken.png"), "not an image");
        Masks.Write(Path.Combine(data, "masks", "tiny_broken.png"), Masks.Filled(96, 96, 255));
        for (int index = 0; index < 3; index++)
            Masks.Write(_temp.File($"untouched/a{index}.png"), Masks.ColorImage(96, 96, seed: 20 + index));
        File.WriteAllText(_temp.File("untouched/torn.jpg"), "\xff\xd8 not a JPEG");

        var run = CliRun.Of("fuse", "--model", model, "--data", data, "--authentic", _temp.Path + "/untouched", "--out", _temp.File("fused.tamper"),
            "--cells-per-image", "200", "--threads", "1");

        run.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed, run.Error);
        run.Error.ShouldContain("tiny_broken.png");
        run.Error.ShouldContain("torn.jpg");
        var description = ModelFile.ReadDescription(_temp.File("fused.tamper"));
        description.Fusion.ShouldNotBeNull();
        description.Fusion.Pixel.Keys.ShouldBe(Tamper.Fusion.FusionFeatures.Pixel, ignoreOrder: true);
        description.Fusion.FittedBy!.ShouldContain("4 forgeries");
        description.Fusion.FittedBy!.ShouldContain("3 untouched");
        description.OperatingPoints!.Keys.ShouldBe(["analyst"]);
        run.Out.ShouldContain("calibrate --method fused");

        var nothing = CliRun.Of("fuse", "--model", model, "--data", data, "--out", _temp.File("none.tamper"), "--threads", "1");
        nothing.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        nothing.Error.ShouldContain("nothing to fit");
        File.Exists(_temp.File("none.tamper")).ShouldBeFalse();
    }

    [Fact]
    public void An_evidence_cache_lets_a_refit_and_the_fused_calibration_skip_the_detectors_with_the_same_results()
    {
        var model = _temp.File("constant.tamper");
        using (var network = ConstantNetworks.Create(pixelProbability: 0.6, imageProbability: 0.7))
            ModelFile.Save(model, network, new ModelDescription(network.Spec));
        var data = TinyForgeries.Write(_temp.Folder("set"), count: 3, size: 96);
        for (int index = 0; index < 2; index++)
            Masks.Write(_temp.File($"untouched/a{index}.png"), Masks.ColorImage(96, 96, seed: 30 + index));
        var cache = _temp.Path + "/evidence";
        string[] fit = ["fuse", "--model", model, "--data", data, "--authentic", _temp.Path + "/untouched", "--cells-per-image", "200", "--threads", "1", "--evidence-cache", cache];

        var first = CliRun.Of([.. fit, "--out", _temp.File("first.tamper")]);
        var again = CliRun.Of([.. fit, "--out", _temp.File("again.tamper")]);

        first.ExitCode.ShouldBe(ExitCodes.Success, first.Error);
        first.Out.ShouldContain("0 images read from it, 5 computed and kept");
        again.ExitCode.ShouldBe(ExitCodes.Success, again.Error);
        again.Out.ShouldContain("5 images read from it, 0 computed and kept");
        ModelFile.ReadDescription(_temp.File("again.tamper")).Fusion!.Pixel.ShouldBe(ModelFile.ReadDescription(_temp.File("first.tamper")).Fusion!.Pixel);
        // the fitted model has the same network: its calibration reads the same evidence
        var calibrate = CliRun.Of("calibrate", "--model", _temp.File("first.tamper"), "--method", "fused", "--data", data, "--authentic", _temp.Path + "/untouched",
            "--threads", "1", "--evidence-cache", cache, "--out", _temp.File("calibrated.tamper"));
        calibrate.ExitCode.ShouldBe(ExitCodes.Success, calibrate.Error);
        calibrate.Out.ShouldContain("5 images read from it, 0 computed and kept");

        var learned = CliRun.Of("calibrate", "--model", model, "--data", data, "--threads", "1", "--evidence-cache", cache, "--out", _temp.File("learned.tamper"));
        learned.ExitCode.ShouldBe(ExitCodes.UsageError);
        learned.Error.ShouldContain("--method fused");
        File.Exists(_temp.File("learned.tamper")).ShouldBeFalse();
    }
}
