using static TorchSharp.torch;

namespace Tamper.Model.Checkpoints;

/// <summary>
/// Starts one network from another's weights when they differ by added parts (a new input stream): tensors with the
/// same name and shape are copied; a convolution weight that gained input channels keeps the old ones and starts
/// the new ones at zero, so the new network computes exactly what the old one did until training teaches it to use
/// them. Everything else keeps its initialization (pretrained or random).
/// </summary>
public static class WeightTransfer
{
    /// <returns>Names of the target's tensors that were not (fully) copied.</returns>
    public static IReadOnlyList<string> CopyMatching(LocalizerNetwork source, LocalizerNetwork target)
    {
        using var noGrad = no_grad();
        var from = source.state_dict();
        var untouched = new List<string>();
        foreach (var (name, tensor) in target.state_dict())
        {
            if (!from.TryGetValue(name, out var value))
            {
                untouched.Add(name);
                continue;
            }
            if (value.shape.SequenceEqual(tensor.shape))
                tensor.copy_(value);
            else if (tensor.dim() == 4 && value.dim() == 4 && tensor.shape[0] == value.shape[0] && tensor.shape[1] > value.shape[1]
                     && tensor.shape[2] == value.shape[2] && tensor.shape[3] == value.shape[3])
            {
                tensor.zero_();
                tensor[TensorIndex.Colon, TensorIndex.Slice(0, value.shape[1])].copy_(value);
                untouched.Add(name + " (new input channels start at zero)");
            }
            else
                untouched.Add(name);
        }
        return untouched;
    }
}
