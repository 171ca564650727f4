using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>Convolution (no bias), batch normalization, ReLU: the brick every stream is built from.</summary>
public sealed class ConvBnRelu : Module<Tensor, Tensor>, IFoldsBatchNorm
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;
    private bool _folded;

    public ConvBnRelu(int input, int output, int kernel = 3, int stride = 1) : base(nameof(ConvBnRelu))
    {
        _conv = Conv2d(input, output, kernel, stride: stride, padding: kernel / 2, bias: false);
        _norm = BatchNorm2d(output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var convolved = _conv.forward(input);
        if (_folded)
            return functional.relu(convolved);
        using var normalized = _norm.forward(convolved);
        return functional.relu(normalized);
    }

    public void FoldBatchNorm()
    {
        if (_folded) return;
        BatchNormFolding.Fold(_conv, _norm);
        _folded = true;
    }
}
