using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tamper.Model;

/// <summary>
/// Base of every localization network. Input: a batch of BGR images, float 0..255, [N,3,H,W] with H and W
/// multiples of <see cref="SizeMultiple"/>; each network normalizes internally, so callers never need to
/// know a network's statistics.
/// </summary>
public abstract class LocalizerNetwork(string name, NetworkSpec spec) : nn.Module<Tensor, LocalizerOutput>(name)
{
    public NetworkSpec Spec { get; } = spec;

    /// <summary>Input height and width must be multiples of this (the encoder's total stride).</summary>
    public abstract int SizeMultiple { get; }

    /// <summary>Parameters that came pretrained and learn at a lower rate; empty when trained from scratch.</summary>
    public virtual IEnumerable<Parameter> PretrainedParameters() => [];

    /// <summary>Called after every optimizer step: re-imposes weight constraints (Bayar convolution).</summary>
    public virtual void AfterStep()
    {
    }

    /// <summary>Terms of weights in this network that came from elsewhere with a license of their own (null: none; Tamper's own weights are MIT).</summary>
    public virtual string? WeightsLicense => null;

    public long ParameterCount() => parameters().Sum(parameter => parameter.numel());
}
