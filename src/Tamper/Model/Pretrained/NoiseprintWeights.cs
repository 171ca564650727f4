using Onnx;
using Tamper.Model.Layers;
using static TorchSharp.torch;

namespace Tamper.Model.Pretrained;

/// <summary>
/// The Noiseprint++ weights from their ONNX export (batch norm already folded: 17 Conv with weight and bias, 16
/// Relu). Every convolution's shape and padding is checked, so a different file fails loudly instead of loading
/// wrong weights. GRIP-UNINA license: non-profit use only (<c>models/noiseprintpp/LICENSE.txt</c>).
/// </summary>
public sealed class NoiseprintWeights
{
    private NoiseprintWeights(IReadOnlyList<(float[] Weight, long[] Shape, float[] Bias)> convolutions) => Convolutions = convolutions;

    public IReadOnlyList<(float[] Weight, long[] Shape, float[] Bias)> Convolutions { get; }

    /// <summary>Where the build copies the file: <c>pretrained/noiseprintpp/noiseprint_pp.onnx</c> beside the binaries.</summary>
    public static string DefaultPath() => Path.Combine(AppContext.BaseDirectory, "pretrained", "noiseprintpp", "noiseprint_pp.onnx");

    public static NoiseprintWeights Load(string path)
    {
        return OnnxGraphs.Load(path, "Noiseprint++ weights not found (the build copies them from models/noiseprintpp/; rebuild)", "the expected Noiseprint++ graph", FromGraph);
    }

    private static NoiseprintWeights FromGraph(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name);
        var convolutions = new List<(float[], long[], float[])>();
        foreach (var node in graph.Node.Where(node => node.OpType == "Conv"))
        {
            int layer = convolutions.Count;
            long input = layer == 0 ? 3 : NoiseprintExtractor.Channels, output = layer == NoiseprintExtractor.Layers - 1 ? 1 : NoiseprintExtractor.Channels;
            var weight = OnnxGraphs.Floats(initializers, node.Input[1], out var shape);
            if (!shape.SequenceEqual([output, input, 3, 3]))
                throw new InvalidDataException($"convolution {layer + 1} has shape [{string.Join(',', shape)}], expected [{output},{input},3,3]");
            var pads = node.Attribute.FirstOrDefault(attribute => attribute.Name == "pads")?.Ints.ToArray() ?? [];
            if (pads.Length > 0 && pads.Any(pad => pad != 1))
                throw new InvalidDataException($"convolution {layer + 1} pads {string.Join(',', pads)}, expected 1");
            if (node.Input.Count < 3 || node.Input[2].Length == 0)
                throw new InvalidDataException($"convolution {layer + 1} has no bias (batch norm not folded)");
            convolutions.Add((weight, shape, OnnxGraphs.Floats(initializers, node.Input[2], out _)));
        }
        if (convolutions.Count != NoiseprintExtractor.Layers)
            throw new InvalidDataException($"{convolutions.Count} convolutions, expected {NoiseprintExtractor.Layers}");
        if (graph.Node.Any(node => node.OpType is "BatchNormalization"))
            throw new InvalidDataException("batch normalization nodes present: expected them folded into the convolutions");
        return new NoiseprintWeights(convolutions);
    }

    /// <summary>Copies the weights into the extractor and leaves it frozen.</summary>
    public void CopyInto(NoiseprintExtractor extractor)
    {
        using var noGrad = no_grad();
        var targets = extractor.Convolutions;
        for (int layer = 0; layer < targets.Count; layer++)
        {
            var (weight, shape, bias) = Convolutions[layer];
            using var weightTensor = tensor(weight, shape);
            using var biasTensor = tensor(bias);
            targets[layer].weight!.copy_(weightTensor);
            targets[layer].bias!.copy_(biasTensor);
        }
        extractor.Freeze();
    }
}
