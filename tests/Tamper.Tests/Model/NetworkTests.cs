using Tamper.Model;
using Tamper.Model.Layers;
using Tamper.Tests.Support;
using static TorchSharp.torch;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class NetworkTests
{
    [Theory]
    [InlineData("resnet-unet")]
    [InlineData("unet-small")]
    public void Networks_return_full_size_mask_logits_and_one_image_logit_per_image(string name)
    {
        using var network = NetworkRegistry.Create(new NetworkSpec(name, Pretrained: false));
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = network.forward(rand(2, 3, 96, 64) * 255);
        output.MaskLogits.shape.ShouldBe([2, 1, 96, 64]);
        output.ImageLogits.shape.ShouldBe([2]);
    }

    [Fact]
    public void Unknown_network_names_list_the_known_ones() =>
        Should.Throw<UnknownNameException>(() => NetworkRegistry.Create(new NetworkSpec("magic"))).Message.ShouldContain("resnet-unet");

    [Fact]
    public void Bayar_filters_keep_their_constraint_after_an_update()
    {
        using var bayar = new BayarConvolution(3, 3);
        var weight = bayar.parameters().Single();
        using (no_grad())
            weight.add_(rand_like(weight));
        bayar.Constrain();
        using var scope = NewDisposeScope();
        var center = weight[TensorIndex.Colon, TensorIndex.Colon, 2, 2];
        center.allclose(full_like(center, -1f)).ShouldBeTrue();
        var sums = weight.sum([2, 3]);
        sums.allclose(zeros_like(sums), atol: 1e-5).ShouldBeTrue(); // surround sums to 1, center -1
    }

    [Fact]
    public void The_pretrained_network_starts_from_imagenet_weights()
    {
        var plain = NetworkRegistry.Create(new NetworkSpec("resnet-unet", Pretrained: true));
        var loaded = NetworkRegistry.Create(new NetworkSpec("resnet-unet", Pretrained: true), loadPretrained: true);
        using (plain)
        using (loaded)
        {
            var first = loaded.PretrainedParameters().First();
            first.shape.ShouldBe([64, 3, 7, 7]);
            first.allclose(plain.PretrainedParameters().First()).ShouldBeFalse();
            loaded.PretrainedParameters().Count().ShouldBeGreaterThan(30);
        }
    }
}
