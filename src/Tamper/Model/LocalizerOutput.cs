using static TorchSharp.torch;

namespace Tamper.Model;

/// <summary>
/// What a network says about a batch: per-pixel tampering logits [N,1,H,W] at input size and one
/// image-level logit per image [N] ("is anything in this image edited?").
/// </summary>
public sealed record LocalizerOutput(Tensor MaskLogits, Tensor ImageLogits);
