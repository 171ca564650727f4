using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// ResNet18 as in the pretrained ONNX file (block layout 2-2-2-3: the file has an extra block in the last
/// stage), truncated to the first <c>stages</c> stages. Returns the feature maps at strides 2 (stem),
/// 4, 8, 16 and 32 — as many as the stages kept. Input: BGR 0..255 minus the ImageNet means (the
/// file's own preprocessing: no division by a standard deviation).
/// </summary>
public sealed class ResNet18Encoder : Module<Tensor, Tensor[]>, IFoldsBatchNorm
{
    public static readonly int[] BlocksPerStage = [2, 2, 2, 3];
    public static readonly int[] StageChannels = [64, 128, 256, 512];
    public static readonly float[] BgrMeans = [103.1f, 115.9f, 123.2f];

    private readonly Conv2d _stem;
    private readonly BatchNorm2d _stemNorm;
    private readonly ModuleList<ResidualBlock> _blocks = new();
    private readonly int[] _stageEnds;
    private bool _folded;

    public ResNet18Encoder(int stages = 3) : base(nameof(ResNet18Encoder))
    {
        if (stages is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(stages), "1..4");
        Stages = stages;
        _stem = Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        _stemNorm = BatchNorm2d(64);
        _stageEnds = new int[stages];
        int input = 64;
        for (int stage = 0; stage < stages; stage++)
        {
            for (int block = 0; block < BlocksPerStage[stage]; block++)
            {
                _blocks.Add(new ResidualBlock(input, StageChannels[stage], block == 0 && stage > 0 ? 2 : 1));
                input = StageChannels[stage];
            }
            _stageEnds[stage] = _blocks.Count;
        }
        RegisterComponents();
    }

    public int Stages { get; }

    /// <summary>Channels of each returned feature map: stem, then one per stage.</summary>
    public IReadOnlyList<int> Channels => [64, .. StageChannels.Take(Stages)];

    public (Conv2d Conv, BatchNorm2d Norm) Stem => (_stem, _stemNorm);

    public IReadOnlyList<ResidualBlock> Blocks => [.. _blocks];

    /// <summary>Folds the stem's norm; the blocks fold their own (<see cref="BatchNormFolding.Apply"/> visits every module).</summary>
    public void FoldBatchNorm()
    {
        if (_folded) return;
        BatchNormFolding.Fold(_stem, _stemNorm);
        _folded = true;
    }

    public override Tensor[] forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var features = new Tensor[Stages + 1];
        var stem = _stem.forward(input);
        features[0] = functional.relu(_folded ? stem : _stemNorm.forward(stem));
        var hidden = functional.max_pool2d(features[0], 3, 2, 1);
        int index = 0;
        for (int stage = 0; stage < Stages; stage++)
        {
            for (; index < _stageEnds[stage]; index++)
                hidden = _blocks[index].forward(hidden);
            features[stage + 1] = hidden;
        }
        foreach (var feature in features)
            feature.MoveToOuterDisposeScope();
        return features;
    }
}
