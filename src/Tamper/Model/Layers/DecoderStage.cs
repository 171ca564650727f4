using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>U-Net decoder step: upsample (bilinear) to the skip's size, concatenate the skip features, one or two convolutions.</summary>
public sealed class DecoderStage : Module<Tensor, Tensor, Tensor>
{
    private readonly ConvBnRelu _first;
    private readonly ConvBnRelu? _second;

    public DecoderStage(int input, int skip, int output, int convolutions = 2) : base(nameof(DecoderStage))
    {
        _first = new ConvBnRelu(input + skip, output);
        if (convolutions > 1)
            _second = new ConvBnRelu(output, output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var upsampled = functional.interpolate(input, [skip.shape[2], skip.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
        var hidden = _first.forward(cat([upsampled, skip], 1));
        return (_second is null ? hidden : _second.forward(hidden)).MoveToOuterDisposeScope();
    }
}
