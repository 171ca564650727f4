using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// The noise stream: SRM residuals and a Bayar constrained convolution, computed at full resolution, then
/// strided convolutions (the first one sees every pixel's residual). Returns features at 1/2 and 1/4,
/// where the decoder fuses them; nothing runs at full resolution beyond the fixed filters (speed).
/// </summary>
public sealed class NoiseStream : Module<Tensor, Tensor[]>
{
    private readonly SrmFilters _srm = new();
    private readonly BayarConvolution _bayar = new(3, 3);
    private readonly ConvBnRelu _half;
    private readonly ConvBnRelu _quarter;

    /// <param name="extraChannels">Further full-resolution residual maps the caller passes to <see cref="Forward"/> (the Noiseprint++ map).</param>
    public NoiseStream(int width, int extraChannels = 0) : base(nameof(NoiseStream))
    {
        _half = new ConvBnRelu(6 + extraChannels, 2 * width, stride: 2);
        _quarter = new ConvBnRelu(2 * width, 2 * width, stride: 2);
        RegisterComponents();
        Channels = [2 * width, 2 * width];
    }

    /// <summary>Channels at 1/2 and 1/4 resolution.</summary>
    public IReadOnlyList<int> Channels { get; }

    public void Constrain() => _bayar.Constrain();

    public override Tensor[] forward(Tensor bgr) => Forward(bgr, null);

    /// <param name="extra">Maps concatenated to the residuals before the first strided convolution (null: none).</param>
    public Tensor[] Forward(Tensor bgr, Tensor? extra)
    {
        using var scope = NewDisposeScope();
        var residuals = extra is null ? cat([_srm.forward(bgr), _bayar.forward(bgr)], 1) : cat([_srm.forward(bgr), _bayar.forward(bgr), extra], 1);
        var half = _half.forward(residuals);
        var quarter = _quarter.forward(half);
        return [half.MoveToOuterDisposeScope(), quarter.MoveToOuterDisposeScope()];
    }
}
