using TorchSharp;
using Tamper.Model;
using Tamper.Model.Precision;
using static TorchSharp.torch;

namespace Tamper.Training;

/// <summary>
/// bf16 training without autocast (TorchSharp has none): the optimizer keeps float32 master weights in the
/// trained network; this replica holds a bfloat16, channels-last copy that runs forward and backward. Each
/// step: <see cref="Pull"/> (master → replica), forward/backward on the replica, <see cref="Push"/> (replica
/// gradients and batch-norm statistics → master, in float32). Updates smaller than bf16's resolution thus
/// accumulate in float32 instead of vanishing, and checkpoints stay float32.
/// </summary>
public sealed class BFloat16Replica : IDisposable
{
    private readonly LocalizerNetwork _master;
    private readonly (Tensor Master, Tensor Replica)[] _parameters;
    private readonly (Tensor Master, Tensor Replica)[] _buffers;

    private readonly bool _frozenStatistics;

    /// <param name="frozenStatistics">The run keeps its batch-norm statistics (<see cref="BatchNormStatistics"/>): the replica's norms stay in eval mode and nothing is written back.</param>
    public BFloat16Replica(LocalizerNetwork master, bool frozenStatistics = false)
    {
        _master = master;
        _frozenStatistics = frozenStatistics;
        Network = NetworkRegistry.Create(master.Spec);
        using (no_grad())
        {
            var source = master.state_dict();
            foreach (var (name, value) in Network.state_dict())
                value.copy_(source[name]);
        }
        NetworkPrecision.Apply(Network, ComputePrecision.Bf16);
        var masterParameters = master.named_parameters().ToDictionary(pair => pair.name, pair => (Tensor)pair.parameter);
        _parameters = [.. Network.named_parameters().Select(pair => (masterParameters[pair.name], (Tensor)pair.parameter))];
        var masterBuffers = master.named_buffers().ToDictionary(pair => pair.name, pair => pair.buffer);
        _buffers = [.. Network.named_buffers().Select(pair => (masterBuffers[pair.name], pair.buffer))];
    }

    /// <summary>The bf16 network that computes; its mode follows the master's at every <see cref="Pull"/>.</summary>
    public LocalizerNetwork Network { get; }

    /// <summary>Copies the master's weights and statistics into the replica (cast to bf16, layout kept).</summary>
    public void Pull()
    {
        using var noGrad = no_grad();
        foreach (var (master, replica) in _parameters)
            replica.copy_(master);
        foreach (var (master, replica) in _buffers)
            replica.copy_(master);
        Network.train(_master.training);
        if (_frozenStatistics)
            BatchNormStatistics.Freeze(Network);
    }

    /// <summary>Hands the replica's gradients to the master (float32, master layout) and its updated batch-norm statistics.</summary>
    public void Push()
    {
        using var noGrad = no_grad();
        foreach (var (master, replica) in _parameters)
        {
            var gradient = replica.grad;
            master.grad = gradient is null ? null : gradient.to_type(ScalarType.Float32).contiguous();
        }
        // frozen statistics stay the master's float32 ones (the replica only holds them rounded to bf16)
        if (!_frozenStatistics)
        {
            foreach (var (master, replica) in _buffers)
                master.copy_(replica);
        }
        Network.zero_grad();
    }

    public void Dispose() => Network.Dispose();
}
