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
}
