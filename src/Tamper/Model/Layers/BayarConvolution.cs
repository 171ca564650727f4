using TorchSharp.Modules;
using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// Constrained convolution (Bayar &amp; Stamm 2018): a learned 5×5 prediction-error filter per channel pair,
/// whose center is fixed at -1 and whose other weights sum to 1, so it can only learn noise residuals,
/// never image content. The constraint is re-imposed after every optimizer step (<see cref="Constrain"/>).
/// </summary>
public sealed class BayarConvolution : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;

    public BayarConvolution(int input, int output) : base(nameof(BayarConvolution))
    {
        _conv = Conv2d(input, output, 5, padding: 2, bias: false);
        RegisterComponents();
        Constrain();
    }

    public void Constrain()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = _conv.weight!;
        var center = zeros(5, 5);
        center[2, 2] = tensor(1f);
        var outside = TorchScalars.Of(1) - center;
        var surround = weight * outside;
        var sum = surround.sum([2, 3], keepdim: true);
        // keep the sign of a sum near zero well away from a division by zero
        var safe = where(sum.abs() < TorchScalars.Of(1e-6), full_like(sum, TorchScalars.Of(1e-6)), sum);
        weight.copy_(surround / safe - center);
    }

    /// <param name="bgr">BGR 0..255.</param>
    public override Tensor forward(Tensor bgr)
    {
        using var scaled = bgr / TorchScalars.Of(255);
        return _conv.forward(scaled);
    }
}
