using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// Image-level logit from a feature map: global average and max pooling, then one linear layer. Its
/// parameters are registered as <c>weight</c> and <c>bias</c> (the names a plain linear layer has), so
/// model files keep their keys.
/// </summary>
public sealed class ImageHead : Module<Tensor, Tensor>
{
    public ImageHead(int channels) : base(nameof(ImageHead))
    {
        // the initialization of torch.nn.Linear: uniform in ±1/sqrt(fan-in)
        double bound = 1 / Math.Sqrt(2 * channels);
        register_parameter("weight", new Parameter(empty(1, 2 * channels).uniform_(-bound, bound)));
        register_parameter("bias", new Parameter(empty(1).uniform_(-bound, bound)));
    }

    /// <returns>[N] logits.</returns>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var pooled = cat([functional.adaptive_avg_pool2d(features, 1), functional.adaptive_max_pool2d(features, [1, 1])], 1).flatten(1);
        // read through the module: Module.to(dtype) replaces registered tensors, a C# field would keep a dead handle
        return functional.linear(pooled, get_parameter("weight")!, get_parameter("bias")!).squeeze(1).MoveToOuterDisposeScope();
    }
}
