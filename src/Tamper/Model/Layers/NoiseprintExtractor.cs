using TorchSharp.Modules;
using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// Noiseprint++ (TruFor, Guillaro et al., CVPR 2023; GRIP-UNINA license, non-profit use only): 17 convolutions
/// 3×3 with batch norm folded in (3→64, 15× 64→64, 64→1), ReLU between, input RGB 0..1. Trained on untouched
/// photos to map camera and processing traces; a splice from another image breaks its pattern. Always frozen:
/// its parameters never require gradients and <see cref="Module.train(bool)"/> changes nothing in it.
/// Input: Tamper's BGR 0..255; output: the one-channel map, same size.
/// </summary>
public sealed class NoiseprintExtractor : Module<Tensor, Tensor>
{
    public const string Terms = "GRIP-UNINA license: informational and non-profit use only, industrial or profit-oriented use prohibited, notices kept, authors cited when results are made public (models/noiseprintpp/LICENSE.txt)";

    /// <summary>The terms of anything that contains these weights (a <c>resnet-unet-np</c> model, the extractor's own file).</summary>
    public const string License = "Contains the Noiseprint++ weights of TruFor (Guillaro et al., CVPR 2023), " + Terms;

    /// <summary>The terms of anything that runs the extractor without containing it (a model whose fusion runs the noiseprint analyser).</summary>
    public const string UseLicense = "Runs the Noiseprint++ extractor of TruFor (Guillaro et al., CVPR 2023; its weights ship apart, pretrained/noiseprintpp/) and carries its terms, " + Terms;

    public const int Layers = 17;
    public const int Channels = 64;

    private readonly ModuleList<Conv2d> _convolutions = new();

    public NoiseprintExtractor() : base(nameof(NoiseprintExtractor))
    {
        for (int layer = 0; layer < Layers; layer++)
            _convolutions.Add(Conv2d(layer == 0 ? 3 : Channels, layer == Layers - 1 ? 1 : Channels, 3, padding: 1, bias: true));
        RegisterComponents();
        Freeze();
    }

    public IReadOnlyList<Conv2d> Convolutions => [.. _convolutions];

    /// <summary>Stops gradients for every weight (called after any load, since loading may replace parameters).</summary>
    public void Freeze()
    {
        foreach (var parameter in parameters())
            parameter.requires_grad = false;
    }

    public override Tensor forward(Tensor bgr)
    {
        using var scope = NewDisposeScope();
        var hidden = bgr.flip(1) / TorchScalars.Of(255); // BGR 0..255 → RGB 0..1, the extractor's own convention
        for (int layer = 0; layer < Layers; layer++)
        {
            var next = _convolutions[layer].forward(hidden);
            if (layer < Layers - 1)
                next.relu_();
            // frozen and fed no gradient, so nothing keeps the activations: release each one as the next exists
            // (all 17 of a 512 px tile at 64 channels would hold 1.3 GB until the scope ends)
            hidden.Dispose();
            hidden = next;
        }
        return hidden.MoveToOuterDisposeScope();
    }
}
