namespace Tamper.Model.Precision;

/// <summary>
/// What <c>--precision auto|fp32|bf16</c> means. <c>auto</c> picks bf16 only where the processor has AMX
/// bfloat16 tiles (bf16 channels-last measured 2.8-3.9× faster than float32 on such a machine); with AVX-512-BF16
/// alone it measured within noise of float32 (1.06× inference, 1.10× training; README "Precision and speed"),
/// so auto keeps the exact float32 there.
/// </summary>
public static class PrecisionChoice
{
    public const string Auto = "auto";

    public static IReadOnlyList<string> Names { get; } = [Auto, "fp32", "bf16"];

    /// <summary>The precision a name asks for on a machine with <paramref name="cpu"/>; unknown names list the known ones.</summary>
    public static ComputePrecision Resolve(string? name, CpuFeatures? cpu = null)
    {
        switch ((name ?? Auto).Trim().ToLowerInvariant())
        {
            case Auto:
                return (cpu ?? CpuFeatures.OfThisMachine).AmxBf16 ? ComputePrecision.Bf16 : ComputePrecision.Fp32;
            case "fp32" or "float32":
                return ComputePrecision.Fp32;
            case "bf16" or "bfloat16":
                return ComputePrecision.Bf16;
            default:
                throw new UnknownNameException("precision", name!, Names);
        }
    }

    public static string Name(ComputePrecision precision) => precision == ComputePrecision.Bf16 ? "bf16" : "fp32";
}
