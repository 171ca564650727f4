using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Layers;
using Tamper.Model.Precision;
using Tamper.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class BatchNormFoldingTests
{
    [Theory]
    [InlineData("resnet-unet")]
    [InlineData("unet-small")]
    public void A_folded_network_gives_the_unfolded_output_and_runs_no_batch_norm(string name)
    {
        using var network = NetworkRegistry.Create(new NetworkSpec(name, Pretrained: false));
        Randomize(network, seed: 3);
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = rand(2, 3, 64, 96, generator: new Generator(5)) * 255;
        var before = network.forward(input);
        var mask = before.MaskLogits.clone();
        var image = before.ImageLogits.clone();

        BatchNormFolding.Apply(network);
        var norms = network.modules().OfType<BatchNorm2d>().ToList();
        norms.ShouldNotBeEmpty();
        // the folded forward must not depend on the norms: poison them, the output must not change
        foreach (var norm in norms)
            norm.running_var!.fill_(float.NaN);
        var after = network.forward(input);
        after.MaskLogits.isfinite().all().item<bool>().ShouldBeTrue();
        (after.MaskLogits - mask).abs().max().item<float>().ShouldBeLessThan(1e-3f * Math.Max(1f, mask.abs().max().item<float>()));
        (after.ImageLogits - image).abs().max().item<float>().ShouldBeLessThan(1e-3f * Math.Max(1f, image.abs().max().item<float>()));
    }

    [Fact]
    public void Folding_a_bf16_channels_last_network_keeps_its_precision_and_layout()
    {
        using var network = NetworkRegistry.Create(new NetworkSpec(ResNetUNetName, Pretrained: false));
        Randomize(network, seed: 4);
        NetworkPrecision.Apply(network, ComputePrecision.Bf16);
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = NetworkPrecision.Input(rand(1, 3, 64, 64, generator: new Generator(6)) * 255, ComputePrecision.Bf16);
        var before = network.forward(input).MaskLogits.to_type(ScalarType.Float32);

        BatchNormFolding.Apply(network);
        NetworkPrecision.Of(network).ShouldBe(ComputePrecision.Bf16);
        network.named_parameters().Where(entry => entry.parameter.dim() == 4 && !ChannelsLast.Is(entry.parameter)).Select(entry => entry.name).ShouldBeEmpty();
        network.parameters().Select(parameter => parameter.dtype).Distinct().ShouldBe([ScalarType.BFloat16]);
        var after = network.forward(input).MaskLogits.to_type(ScalarType.Float32);
        // bf16 rounds the folded weights once more: stated tolerance 5 % of the logits' range
        var range = before.abs().max().item<float>();
        (after - before).abs().mean().item<float>().ShouldBeLessThan(0.05f * Math.Max(1f, range));
    }

    [Fact]
    public void The_shipped_model_folded_gives_the_same_heat_map()
    {
        using var image = Masks.ColorImage(320, 256, seed: 9);
        var (plain, _) = ModelFile.Load(DefaultModel.Path());
        var (folded, _) = ModelFile.Load(DefaultModel.Path());
        using (plain)
        using (folded)
        {
            BatchNormFolding.Apply(folded);
            using var exact = new Tamper.Model.Prediction.Predictor(plain).Predict(image);
            using var fast = new Tamper.Model.Prediction.Predictor(folded).Predict(image);
            using var difference = new OpenCvSharp.Mat();
            OpenCvSharp.Cv2.Absdiff(exact.Heatmap, fast.Heatmap, difference);
            OpenCvSharp.Cv2.MinMaxLoc(difference, out _, out double largest);
            largest.ShouldBeLessThan(1e-3);
            Math.Abs(exact.ImageScore - fast.ImageScore).ShouldBeLessThan(1e-3);
        }
    }

    private const string ResNetUNetName = "resnet-unet";

    /// <summary>Norms with statistics and affine parameters far from the identity, so a wrong fold shows.</summary>
    private static void Randomize(nn.Module network, int seed)
    {
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var norm in network.modules().OfType<BatchNorm2d>())
        {
            norm.running_mean!.copy_(randn(norm.running_mean.shape, generator: generator) * 0.5);
            norm.running_var!.copy_(rand(norm.running_var.shape, generator: generator) * 2 + 0.2);
            norm.weight!.copy_(rand(norm.weight.shape, generator: generator) + 0.5);
            norm.bias!.copy_(randn(norm.bias.shape, generator: generator) * 0.3);
        }
    }
}
