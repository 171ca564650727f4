using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>ResNet basic block: two 3×3 convolutions with batch norm, plus a 1×1 projection where the shape changes.</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>, IFoldsBatchNorm
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _norm1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _norm2;
    private readonly Conv2d? _projection;
    private readonly BatchNorm2d? _projectionNorm;
    private bool _folded;

    public ResidualBlock(int input, int output, int stride) : base(nameof(ResidualBlock))
    {
        _conv1 = Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        _norm1 = BatchNorm2d(output);
        _conv2 = Conv2d(output, output, 3, padding: 1, bias: false);
        _norm2 = BatchNorm2d(output);
        if (stride != 1 || input != output)
        {
            _projection = Conv2d(input, output, 1, stride: stride, bias: false);
            _projectionNorm = BatchNorm2d(output);
        }
        RegisterComponents();
    }

    /// <summary>The block's convolutions with their batch norms, in the order the pretrained weights list them.</summary>
    public IReadOnlyList<(Conv2d Conv, BatchNorm2d Norm)> Main => [(_conv1, _norm1), (_conv2, _norm2)];

    public (Conv2d Conv, BatchNorm2d Norm)? Shortcut => _projection is null ? null : (_projection, _projectionNorm!);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = functional.relu(Norm(_norm1, _conv1.forward(input)));
        hidden = Norm(_norm2, _conv2.forward(hidden));
        var shortcut = _projection is null ? input : Norm(_projectionNorm!, _projection.forward(input));
        return functional.relu(hidden + shortcut).MoveToOuterDisposeScope();
    }

    public void FoldBatchNorm()
    {
        if (_folded) return;
        foreach (var (conv, norm) in Main)
            BatchNormFolding.Fold(conv, norm);
        if (Shortcut is var (projection, projectionNorm))
            BatchNormFolding.Fold(projection, projectionNorm);
        _folded = true;
    }

    private Tensor Norm(BatchNorm2d norm, Tensor convolved) => _folded ? convolved : norm.forward(convolved);
}
