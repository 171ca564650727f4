using Tamper.Model;
using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Training;

/// <summary>
/// Pixel BCE + soft Dice over the whole batch (Dice keeps small edits from drowning in clean pixels; taken
/// over the batch so an all-authentic batch has a defined value) + a weighted image-level BCE.
/// </summary>
public static class LocalizationLoss
{
    public const double ImageWeight = 0.2;

    public sealed record Parts(Tensor Total, double Bce, double Dice, double Image);

    public static Parts Compute(LocalizerOutput output, Tensor masks, Tensor labels)
    {
        var bce = functional.binary_cross_entropy_with_logits(output.MaskLogits, masks);
        var probabilities = output.MaskLogits.sigmoid();
        var intersection = (probabilities * masks).sum();
        var one = TorchScalars.Of(1);
        var dice = one - (TorchScalars.Of(2) * intersection + one) / (probabilities.sum() + masks.sum() + one);
        var image = functional.binary_cross_entropy_with_logits(output.ImageLogits, labels);
        var total = bce + dice + TorchScalars.Of(ImageWeight) * image;
        return new Parts(total, bce.item<float>(), dice.item<float>(), image.item<float>());
    }
}
