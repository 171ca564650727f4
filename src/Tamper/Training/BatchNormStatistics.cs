using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tamper.Training;

/// <summary>
/// Frozen batch-norm statistics for fine-tuning: the norms stay in eval mode while the rest trains, so the running
/// means and variances the model was trained with are used and kept. With batches of eight small crops from another
/// data mix, the statistics otherwise move within tens of steps whatever the learning rate.
/// </summary>
public static class BatchNormStatistics
{
    /// <summary>Puts every batch norm of the network in eval mode (call after each <c>train()</c>).</summary>
    public static void Freeze(nn.Module network)
    {
        foreach (var norm in network.modules().OfType<BatchNorm2d>())
            norm.eval();
    }
}
