using TorchSharp.Modules;
using Tamper.Model.Layers;
using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Networks;

/// <summary>
/// <c>unet-small</c>: a plain U-Net trained from scratch on the image (scaled to ±0.5) and its three SRM
/// residuals, four downsamplings. Small and fast; no pretrained weights.
/// </summary>
public sealed class SmallUNet : LocalizerNetwork
{
    public const string NetworkName = "unet-small";

    private readonly SrmFilters _srm = new();
    private readonly ModuleList<Module<Tensor, Tensor>> _down = new();
    private readonly ModuleList<DecoderStage> _up = new();
    private readonly Conv2d _head;
    private readonly ImageHead _imageHead;

    public SmallUNet(NetworkSpec spec) : base(NetworkName, spec)
    {
        int width = spec.Width;
        int[] channels = [width, 2 * width, 4 * width, 8 * width, 8 * width];
        int input = 6;
        for (int level = 0; level < channels.Length; level++)
        {
            _down.Add(Sequential(new ConvBnRelu(input, channels[level], stride: level == 0 ? 1 : 2), new ConvBnRelu(channels[level], channels[level])));
            input = channels[level];
        }
        for (int level = channels.Length - 1; level > 0; level--)
            _up.Add(new DecoderStage(channels[level], channels[level - 1], channels[level - 1]));
        _head = Conv2d(width, 1, 1);
        _imageHead = new ImageHead(channels[^1]);
        RegisterComponents();
    }

    public override int SizeMultiple => 16;

    public override LocalizerOutput forward(Tensor bgr)
    {
        using var scope = NewDisposeScope();
        var hidden = cat([bgr / TorchScalars.Of(255) - TorchScalars.Of(0.5), _srm.forward(bgr)], 1);
        var skips = new List<Tensor>();
        foreach (var down in _down)
        {
            hidden = down.forward(hidden);
            skips.Add(hidden);
        }
        var deepest = hidden;
        for (int index = 0; index < _up.Count; index++)
            hidden = _up[index].forward(hidden, skips[skips.Count - 2 - index]);
        var mask = _head.forward(hidden);
        var image = _imageHead.forward(deepest);
        return new LocalizerOutput(mask.MoveToOuterDisposeScope(), image.MoveToOuterDisposeScope());
    }
}
