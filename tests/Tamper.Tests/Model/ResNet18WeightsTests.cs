using Microsoft.ML.OnnxRuntime;
using Tamper.Model.Layers;
using Tamper.Model.Pretrained;
using Tamper.Tests.Support;
using static TorchSharp.torch;
using OnnxTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class ResNet18WeightsTests
{
    [Fact]
    public void Pretrained_weights_give_the_same_features_as_onnx_runtime()
    {
        var path = ResNet18Weights.DefaultPath();
        File.Exists(path).ShouldBeTrue($"the build copies the ONNX file to {path}");
        var random = new Random(5);
        var input = new float[3 * 224 * 224];
        for (int index = 0; index < input.Length; index++)
            input[index] = (float)(random.NextDouble() * 255 - 120); // the file's input: BGR 0..255 minus the means

        float[] expected;
        using (var session = new InferenceSession(path))
        {
            var name = session.InputMetadata.Keys.Single();
            var feed = new OnnxTensor(input, [1, 3, 224, 224]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, feed)]);
            expected = [.. results.First().AsEnumerable<float>()];
        }
        expected.Length.ShouldBe(512);

        using var encoder = new ResNet18Encoder(stages: 4);
        ResNet18Weights.Load(path).CopyInto(encoder);
        encoder.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var features = encoder.forward(tensor(input, [1, 3, 224, 224]));
        var pooled = nn.functional.adaptive_avg_pool2d(features[4], 1).flatten().data<float>().ToArray();

        var largest = expected.Zip(pooled, (a, b) => Math.Abs(a - b)).Max();
        largest.ShouldBeLessThan(1e-3f);
        expected.Max().ShouldBeGreaterThan(0.1f); // real features, not zeros on both sides
    }

    [Fact]
    public void A_missing_or_foreign_file_is_refused_with_its_name()
    {
        using var folder = new TempFolder();
        Should.Throw<InputFileException>(() => ResNet18Weights.Load(folder.File("absent.onnx"))).Message.ShouldContain("absent.onnx");
        var junk = folder.File("junk.onnx");
        File.WriteAllBytes(junk, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Should.Throw<InputFileException>(() => ResNet18Weights.Load(junk)).Message.ShouldContain("junk.onnx");
    }
}
