using Onnx;
using TorchSharp.Modules;
using Tamper.Model.Layers;
using static TorchSharp.torch;

namespace Tamper.Model.Pretrained;

/// <summary>
/// The ImageNet ResNet18 weights of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, read from
/// its ONNX file. The file is a CNTK export whose tensors are named ParameterNN/ConstantNN, so weights are
/// found by walking the graph: every Conv with the BatchNormalization that consumes it; 3×3 convolutions
/// in graph order are the blocks' first and second convolutions, 1×1 ones the stage shortcuts. The layout
/// and the padding are checked, so a different file fails loudly instead of loading wrong weights.
/// </summary>
public sealed class ResNet18Weights
{
    private ResNet18Weights(PretrainedConv stem, IReadOnlyList<PretrainedConv> main, IReadOnlyList<PretrainedConv> shortcuts)
    {
        Stem = stem;
        Main = main;
        Shortcuts = shortcuts;
    }

    public PretrainedConv Stem { get; }

    /// <summary>The blocks' 3×3 convolutions in order (two per block).</summary>
    public IReadOnlyList<PretrainedConv> Main { get; }

    /// <summary>The 1×1 shortcut projections of stages 2-4, in order.</summary>
    public IReadOnlyList<PretrainedConv> Shortcuts { get; }

    /// <summary>Where the build copies the file: <c>pretrained/ResNet18.onnx</c> beside the binaries.</summary>
    public static string DefaultPath() => Path.Combine(AppContext.BaseDirectory, "pretrained", "ResNet18.onnx");

    public static ResNet18Weights Load(string path)
    {
        return OnnxGraphs.Load(path, "pretrained ResNet18 weights not found (the build copies them from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18; rebuild, or train without pretraining)", "the expected ResNet18 graph", FromGraph);
    }

    private static ResNet18Weights FromGraph(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name);
        var consumers = graph.Node.SelectMany(node => node.Input.Select(input => (input, node))).ToLookup(pair => pair.input, pair => pair.node);
        var convs = new List<PretrainedConv>();
        foreach (var node in graph.Node.Where(node => node.OpType == "Conv"))
        {
            var weight = OnnxGraphs.Floats(initializers, node.Input[1], out var shape);
            var norm = consumers[node.Output[0]].SingleOrDefault(consumer => consumer.OpType == "BatchNormalization")
                ?? throw new InvalidDataException($"convolution {node.Name} is not followed by a batch norm");
            long kernel = shape[3];
            var pads = Ints(node, "pads");
            if (pads.Length == 4 && (pads[0] != kernel / 2 || pads[1] != kernel / 2))
                throw new InvalidDataException($"convolution {node.Name} pads {string.Join(',', pads)}, expected {kernel / 2} before");
            var mean = OnnxGraphs.Floats(initializers, norm.Input[3], out _);
            if (node.Input.Count > 2 && node.Input[2].Length > 0)
            {
                // conv bias b before a batch norm: BN(x + b) = BN with mean - b
                var bias = OnnxGraphs.Floats(initializers, node.Input[2], out _);
                mean = [.. mean.Select((value, index) => value - bias[index])];
            }
            var epsilon = norm.Attribute.FirstOrDefault(attribute => attribute.Name == "epsilon")?.F ?? 1e-5f;
            convs.Add(new PretrainedConv(weight, shape, OnnxGraphs.Floats(initializers, norm.Input[1], out _), OnnxGraphs.Floats(initializers, norm.Input[2], out _),
                mean, OnnxGraphs.Floats(initializers, norm.Input[4], out _), epsilon));
        }
        var stem = convs.Where(conv => conv.Kernel == 7).ToList();
        var main = convs.Where(conv => conv.Kernel == 3).ToList();
        var shortcuts = convs.Where(conv => conv.Kernel == 1).ToList();
        int blocks = ResNet18Encoder.BlocksPerStage.Sum();
        if (stem.Count != 1 || main.Count != 2 * blocks || shortcuts.Count != 3)
            throw new InvalidDataException($"{stem.Count} 7×7, {main.Count} 3×3 and {shortcuts.Count} 1×1 convolutions (expected 1, {2 * blocks}, 3)");
        return new ResNet18Weights(stem[0], main, shortcuts);
    }

    /// <summary>Copies the weights of the encoder's stages (a truncated encoder takes the first ones).</summary>
    public void CopyInto(ResNet18Encoder encoder)
    {
        using var noGrad = no_grad();
        Copy(Stem, encoder.Stem.Conv, encoder.Stem.Norm);
        int main = 0, shortcut = 0;
        foreach (var block in encoder.Blocks)
        {
            foreach (var (conv, norm) in block.Main)
                Copy(Main[main++], conv, norm);
            if (block.Shortcut is { } projection)
                Copy(Shortcuts[shortcut++], projection.Conv, projection.Norm);
        }
    }

    private static void Copy(PretrainedConv source, Conv2d conv, BatchNorm2d norm)
    {
        var target = conv.weight!;
        if (!target.shape.SequenceEqual(source.Shape))
            throw new InvalidOperationException($"pretrained shape [{string.Join(',', source.Shape)}] does not fit [{string.Join(',', target.shape)}]");
        using var weight = tensor(source.Weight, source.Shape);
        target.copy_(weight);
        using var scale = tensor(source.NormScale);
        using var bias = tensor(source.NormBias);
        using var mean = tensor(source.NormMean);
        using var variance = tensor(source.NormVariance);
        norm.weight!.copy_(scale);
        norm.bias!.copy_(bias);
        norm.running_mean!.copy_(mean);
        norm.running_var!.copy_(variance);
        norm.eps = source.Epsilon;
    }

    private static long[] Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { } attribute ? [.. attribute.Ints] : [];
}
