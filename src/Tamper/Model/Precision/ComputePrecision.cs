namespace Tamper.Model.Precision;

/// <summary>
/// The number format a network computes in. Weights in model files are always float32; a network is
/// converted after loading (<see cref="NetworkPrecision.Apply"/>).
/// </summary>
public enum ComputePrecision
{
    /// <summary>float32, plain NCHW tensors: exact, and the only choice on CPUs without bfloat16 units.</summary>
    Fp32,

    /// <summary>bfloat16 with channels-last tensors: what oneDNN's AMX / AVX-512-BF16 kernels need.</summary>
    Bf16,
}
