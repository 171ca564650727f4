using Tamper.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tamper.Model.Layers;

/// <summary>
/// Three fixed SRM high-pass filters (the set RGB-N and later manipulation detectors use) applied to the
/// gray image: they remove content and keep the noise residual, where splices and inpainting differ
/// from their surroundings. Residuals are truncated at ±<see cref="Truncation"/> gray levels and scaled to ±1.
/// </summary>
public sealed class SrmFilters : Module<Tensor, Tensor>
{
    public const float Truncation = 8f;

    private static readonly float[][] Kernels =
    [
        // second-order, 3×3 inside 5×5
        [0, 0, 0, 0, 0, 0, -1, 2, -1, 0, 0, 2, -4, 2, 0, 0, -1, 2, -1, 0, 0, 0, 0, 0, 0],
        // KV 5×5
        [-1, 2, -2, 2, -1, 2, -6, 8, -6, 2, -2, 8, -12, 8, -2, 2, -6, 8, -6, 2, -1, 2, -2, 2, -1],
        // first-order horizontal
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];

    private static readonly float[] Scales = [1 / 4f, 1 / 12f, 1 / 2f];

    public SrmFilters() : base(nameof(SrmFilters))
    {
        var values = Kernels.SelectMany((kernel, index) => kernel.Select(value => value * Scales[index])).ToArray();
        // a buffer, not a parameter: fixed filters, saved with the model but never trained
        register_buffer("weight", tensor(values, [3, 1, 5, 5]));
    }

    public override Tensor forward(Tensor bgr)
    {
        using var scope = NewDisposeScope();
        var gray = bgr.mean([1], keepdim: true);
        // read through the module: Module.to(dtype) replaces registered tensors, a C# field would keep a dead handle
        var residual = functional.conv2d(gray, get_buffer("weight")!, padding: [2, 2]);
        return (residual.clamp(TorchScalars.Of(-Truncation), TorchScalars.Of(Truncation)) / TorchScalars.Of(Truncation)).MoveToOuterDisposeScope();
    }
}
