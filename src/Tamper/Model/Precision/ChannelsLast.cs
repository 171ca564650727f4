using TorchSharp;
using static TorchSharp.torch;

namespace Tamper.Model.Precision;

/// <summary>
/// Channels-last (NHWC strides) for 4-D tensors. TorchSharp has no <c>memory_format</c> API, but the layout
/// is only a stride pattern: permute to NHWC, make contiguous, permute back. oneDNN runs bf16 convolutions on
/// its fast kernels only in this layout; with NCHW every convolution is wrapped in layout reorders.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last version of a 4-D tensor (other ranks are returned as a new handle to the same data).</summary>
    public static Tensor Of(Tensor tensor) =>
        tensor.dim() == 4 ? tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : tensor.alias();

    /// <summary>Whether a 4-D tensor has channels-last strides (as PyTorch judges it: strides of size-1 dimensions do not matter).</summary>
    public static bool Is(Tensor tensor)
    {
        if (tensor.dim() != 4)
            return false;
        long channels = tensor.shape[1], height = tensor.shape[2], width = tensor.shape[3];
        long[] expected = [channels * height * width, 1, channels * width, channels];
        for (int dimension = 0; dimension < 4; dimension++)
        {
            if (tensor.shape[dimension] > 1 && tensor.stride(dimension) != expected[dimension])
                return false;
        }
        return true;
    }

    /// <summary>
    /// Gives every 4-D parameter and buffer of <paramref name="module"/> channels-last strides in place: the
    /// same tensor objects (so fields, optimizers and registered names stay valid), new strides.
    /// </summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, parameter) in module.named_parameters())
            Restride(parameter);
        foreach (var (_, buffer) in module.named_buffers())
            Restride(buffer);
    }

    private static void Restride(Tensor tensor)
    {
        if (tensor.dim() != 4 || Is(tensor))
            return;
        using var strided = Of(tensor);
        tensor.set_(strided);
    }
}
