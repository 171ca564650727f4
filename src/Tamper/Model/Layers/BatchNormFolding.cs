using TorchSharp.Modules;
using Tamper.Model.Precision;
using Tamper.Native;
using static TorchSharp.torch;

namespace Tamper.Model.Layers;

/// <summary>
/// Folds eval-mode batch norm into the convolution before it: y = γ (conv(x) + b − μ) / √(σ² + ε) + β is a convolution
/// with weight W·s and bias (b − μ)·s + β, s = γ / √(σ² + ε). Inference then makes one pass over each activation
/// instead of two. Computed in float32 whatever the network's precision; the weight keeps its dtype and layout.
/// A folded network is for inference only: its norms are skipped, so training it would be wrong.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Folds every <see cref="IFoldsBatchNorm"/> layer of the network and puts it in eval mode.</summary>
    public static T Apply<T>(T network) where T : nn.Module
    {
        network.eval();
        foreach (var module in network.modules())
        {
            if (module is IFoldsBatchNorm layer)
                layer.FoldBatchNorm();
        }
        return network;
    }

    /// <summary>Folds one norm into one convolution (the convolution gets a bias if it had none).</summary>
    public static void Fold(Conv2d convolution, BatchNorm2d norm)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weight = convolution.weight;
        var dtype = weight.dtype;
        var scale = norm.weight!.to_type(ScalarType.Float32) / (norm.running_var!.to_type(ScalarType.Float32) + TorchScalars.Of(norm.eps)).sqrt();
        var folded = weight.to_type(ScalarType.Float32) * scale.reshape(-1, 1, 1, 1);
        var oldBias = convolution.bias is { } bias ? bias.to_type(ScalarType.Float32) : zeros_like(scale);
        var newBias = (oldBias - norm.running_mean!.to_type(ScalarType.Float32)) * scale + norm.bias!.to_type(ScalarType.Float32);
        var restrided = ChannelsLast.Is(weight) ? ChannelsLast.Of(folded.to_type(dtype)) : folded.to_type(dtype).contiguous();
        weight.set_(restrided);
        convolution.bias = new Parameter(newBias.to_type(dtype).detach().clone(), requires_grad: false);
    }
}
