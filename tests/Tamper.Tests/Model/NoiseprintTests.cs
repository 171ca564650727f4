using Microsoft.ML.OnnxRuntime;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Layers;
using Tamper.Model.Pretrained;
using Tamper.Tests.Support;
using static TorchSharp.torch;
using OnnxTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class NoiseprintTests
{
    [Fact]
    public void Noiseprint_in_torchsharp_equals_onnx_runtime_on_the_same_input()
    {
        var path = NoiseprintWeights.DefaultPath();
        File.Exists(path).ShouldBeTrue($"the build copies models/noiseprintpp to {path}");
        const int height = 64, width = 80;
        var random = new Random(11);
        var rgb = new float[3 * height * width];
        for (int index = 0; index < rgb.Length; index++)
            rgb[index] = (float)random.NextDouble();

        float[] expected;
        using (var session = new InferenceSession(path))
        {
            var name = session.InputMetadata.Keys.Single();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, new OnnxTensor(rgb, [1, 3, height, width]))]);
            expected = [.. results.First().AsEnumerable<float>()];
        }
        expected.Length.ShouldBe(height * width);

        using var extractor = new NoiseprintExtractor();
        NoiseprintWeights.Load(path).CopyInto(extractor);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // the extractor takes Tamper's BGR 0..255 and converts itself
        var bgr = tensor(rgb, [1, 3, height, width]).flip(1) * 255f;
        var actual = extractor.forward(bgr).flatten().data<float>().ToArray();

        expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(1e-3f);
        (expected.Max() - expected.Min()).ShouldBeGreaterThan(0.01f); // a real map, not a constant on both sides
    }

    [Fact]
    public void The_noiseprint_stream_is_frozen_and_gets_no_gradient_while_the_rest_learns()
    {
        using var network = NetworkRegistry.Create(new NetworkSpec("resnet-unet-np", Pretrained: false));
        var noiseprint = network.named_parameters().Where(entry => entry.name.Contains("noiseprint", StringComparison.OrdinalIgnoreCase)).ToList();
        noiseprint.Count.ShouldBe(2 * NoiseprintExtractor.Layers);
        noiseprint.All(entry => !entry.parameter.requires_grad).ShouldBeTrue();
        var before = noiseprint.Select(entry => entry.parameter.clone()).ToList();

        network.train();
        using (var scope = NewDisposeScope())
        {
            var output = network.forward(rand(2, 3, 64, 64) * 255);
            output.MaskLogits.sum().backward();
        }
        noiseprint.All(entry => entry.parameter.grad is null).ShouldBeTrue();
        network.named_parameters().Where(entry => entry.name.StartsWith("_noise.", StringComparison.Ordinal))
            .Any(entry => entry.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0).ShouldBeTrue();
        noiseprint.Zip(before).All(pair => pair.First.parameter.allclose(pair.Second, rtol: 0, atol: 0)).ShouldBeTrue();
        foreach (var tensor in before) tensor.Dispose();
    }

    [Fact]
    public void A_noiseprint_network_started_from_a_model_without_it_computes_the_same_until_trained()
    {
        using var source = NetworkRegistry.Create(new NetworkSpec("resnet-unet", Pretrained: false));
        using var target = NetworkRegistry.Create(new NetworkSpec("resnet-unet-np", Pretrained: false));
        var untouched = WeightTransfer.CopyMatching(source, target);
        untouched.ShouldContain(name => name.StartsWith("_noise._half._conv.weight", StringComparison.Ordinal));
        source.eval();
        target.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = rand(1, 3, 64, 96) * 255;
        var difference = (source.forward(input).MaskLogits - target.forward(input).MaskLogits).abs().max().item<float>();
        difference.ShouldBeLessThan(1e-4f);
    }

    [Fact]
    public void A_model_file_with_noiseprint_says_its_license_and_one_without_does_not()
    {
        using var folder = new TempFolder();
        using var with = NetworkRegistry.Create(new NetworkSpec("resnet-unet-np", Pretrained: false));
        using var without = NetworkRegistry.Create(new NetworkSpec("resnet-unet", Pretrained: false));
        ModelFile.Save(folder.File("np.tamper"), with, new ModelDescription(with.Spec));
        ModelFile.Save(folder.File("plain.tamper"), without, new ModelDescription(without.Spec));

        ModelFile.ReadDescription(folder.File("np.tamper")).License.ShouldNotBeNull().ShouldContain("non-profit");
        ModelFile.ReadDescription(folder.File("plain.tamper")).License.ShouldBeNull();
        var (loaded, _) = ModelFile.Load(folder.File("np.tamper"));
        using (loaded)
            loaded.parameters().Where(parameter => !parameter.requires_grad).Count().ShouldBe(2 * NoiseprintExtractor.Layers);
    }

    [Fact]
    public void A_foreign_onnx_file_is_refused_with_its_name()
    {
        using var folder = new TempFolder();
        Should.Throw<InputFileException>(() => NoiseprintWeights.Load(folder.File("absent.onnx"))).Message.ShouldContain("absent.onnx");
        // the ResNet18 file is valid ONNX but not Noiseprint++
        Should.Throw<InputFileException>(() => NoiseprintWeights.Load(ResNet18Weights.DefaultPath())).Message.ShouldContain("Noiseprint++");
    }
}
