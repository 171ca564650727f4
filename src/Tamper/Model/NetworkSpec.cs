namespace Tamper.Model;

/// <summary>
/// Which network and its hyper-parameters; stored in every checkpoint so a model can be rebuilt.
/// </summary>
/// <param name="Name">Registry name (see <see cref="NetworkRegistry"/>).</param>
/// <param name="Pretrained">Start the encoder from ImageNet weights (only where the network has such an encoder).</param>
/// <param name="Width">Base channel count of the parts trained from scratch.</param>
public sealed record NetworkSpec(string Name, bool Pretrained = true, int Width = 16);
