using TorchSharp.Modules;
using Tamper.Model.Layers;
using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Networks;

/// <summary>
/// <c>resnet-unet</c>: an RGB stream (ResNet18 up to stage 3, ImageNet weights when pretrained) and a noise
/// stream (SRM + Bayar), fused in a U-Net decoder at 1/4 and 1/2 resolution, with a 1×1 output head at 1/2
/// resolution whose logits are upsampled bilinearly (3×3 heads with one channel hit a libtorch NaN bug here,
/// docs/stack-notes.md, note 7; a full-resolution decoder stage cost half the inference time for 2-pixel precision).
/// The image-level logit comes from the pooled deepest features.
/// </summary>
/// <para><c>resnet-unet-np</c> adds the frozen Noiseprint++ extractor (TruFor; non-profit use only): its map,
/// standardized per image, enters the noise stream beside the SRM and Bayar residuals.</para>
public sealed class ResNetUNet : LocalizerNetwork
{
    public const string NetworkName = "resnet-unet";
    public const string NoiseprintNetworkName = "resnet-unet-np";

    private readonly ResNet18Encoder _encoder = new(stages: 3);
    private readonly NoiseStream _noise;
    private readonly DecoderStage _up8;
    private readonly DecoderStage _up4;
    private readonly DecoderStage _up2;
    private readonly ConvBnRelu _stemSkip;
    private readonly Conv2d _head;
    private readonly ImageHead _imageHead;
    private readonly NoiseprintExtractor? _noiseprint;

    /// <param name="noiseprint">Add the Noiseprint++ stream (<see cref="NoiseprintNetworkName"/>).</param>
    public ResNetUNet(NetworkSpec spec, bool noiseprint = false) : base(noiseprint ? NoiseprintNetworkName : NetworkName, spec)
    {
        int width = spec.Width;
        _noiseprint = noiseprint ? new NoiseprintExtractor() : null;
        _noise = new NoiseStream(width, extraChannels: noiseprint ? 1 : 0);
        var encoder = _encoder.Channels; // 64 @1/2, 64 @1/4, 128 @1/8, 256 @1/16
        var noise = _noise.Channels;     // 2w @1/2, 2w @1/4
        _up8 = new DecoderStage(encoder[3], encoder[2], 4 * width);
        _up4 = new DecoderStage(4 * width, encoder[1] + noise[1], 2 * width, convolutions: 1);
        _stemSkip = new ConvBnRelu(encoder[0], width, kernel: 1);
        _up2 = new DecoderStage(2 * width, width + noise[0], width, convolutions: 1);
        _head = Conv2d(width, 1, 1);
        _imageHead = new ImageHead(encoder[3]);
        register_buffer("means", tensor(ResNet18Encoder.BgrMeans, [1, 3, 1, 1]));
        RegisterComponents();
    }

    public override int SizeMultiple => 16;

    public ResNet18Encoder Encoder => _encoder;

    public NoiseprintExtractor? Noiseprint => _noiseprint;

    public override string? WeightsLicense => _noiseprint is null ? null : NoiseprintExtractor.License;

    public override IEnumerable<Parameter> PretrainedParameters() => Spec.Pretrained ? _encoder.parameters() : [];

    public override void AfterStep() => _noise.Constrain();

    public override LocalizerOutput forward(Tensor bgr)
    {
        using var scope = NewDisposeScope();
        // the means are read through the module: Module.to(dtype) replaces registered tensors
        var features = _encoder.forward(bgr - get_buffer("means")!);
        var noise = _noise.Forward(bgr, _noiseprint is null ? null : NoiseprintMap(bgr));
        var hidden = _up8.forward(features[3], features[2]);
        hidden = _up4.forward(hidden, cat([features[1], noise[1]], 1));
        hidden = _up2.forward(hidden, cat([_stemSkip.forward(features[0]), noise[0]], 1));
        var mask = functional.interpolate(_head.forward(hidden), [bgr.shape[2], bgr.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
        var image = _imageHead.forward(features[3]);
        return new LocalizerOutput(mask.MoveToOuterDisposeScope(), image.MoveToOuterDisposeScope());
    }

    /// <summary>The Noiseprint++ map, standardized per image and clipped (its absolute level depends on the camera; what differs inside an image is the evidence).</summary>
    private Tensor NoiseprintMap(Tensor bgr)
    {
        using var noGrad = no_grad(); // frozen: no graph through 17 full-resolution layers
        var map = _noiseprint!.forward(bgr);
        var mean = map.mean([2, 3], keepdim: true);
        var deviation = map.std([2, 3], keepdim: true);
        return ((map - mean) / (deviation + TorchScalars.Of(1e-3f))).clamp(TorchScalars.Of(-6), TorchScalars.Of(6)).div_(TorchScalars.Of(3));
    }
}
