using TorchSharp;
using static TorchSharp.torch;

namespace Tamper.Model.Precision;

/// <summary>Converting a network and its inputs to a <see cref="Precision"/>, and telling which one a network is in.</summary>
public static class NetworkPrecision
{
    public static ScalarType DType(ComputePrecision precision) => precision == ComputePrecision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>The precision of a network's weights (its first floating-point parameter).</summary>
    public static ComputePrecision Of(nn.Module network)
    {
        foreach (var parameter in network.parameters())
            return parameter.dtype == ScalarType.BFloat16 ? ComputePrecision.Bf16 : ComputePrecision.Fp32;
        return ComputePrecision.Fp32;
    }

    /// <summary>
    /// Converts weights and buffers to the precision (bf16: also channels-last). Networks read their registered
    /// tensors through the module, never through C# fields, so they keep working after the conversion.
    /// </summary>
    public static T Apply<T>(T network, ComputePrecision precision) where T : nn.Module
    {
        var dtype = DType(precision);
        network.to(dtype);
        if (precision == ComputePrecision.Bf16)
            ChannelsLast.Apply(network);
        return network;
    }

    /// <summary>A float32 NCHW input batch in the network's precision and layout (a new tensor).</summary>
    public static Tensor Input(Tensor batch, ComputePrecision precision) =>
        precision == ComputePrecision.Bf16 ? ChannelsLast.Of(batch.to_type(ScalarType.BFloat16)) : batch.alias();
}
