namespace Tamper.Model.Precision;

/// <summary>The processor's bfloat16 capabilities, as the kernel reports them in <c>/proc/cpuinfo</c>.</summary>
/// <param name="AmxBf16">AMX matrix tiles with bfloat16 (<c>amx_bf16</c>): bf16 convolutions several times faster than float32.</param>
/// <param name="Avx512Bf16">AVX-512 bfloat16 dot products (<c>avx512_bf16</c>).</param>
public sealed record CpuFeatures(bool AmxBf16, bool Avx512Bf16)
{
    private static readonly Lazy<CpuFeatures> Current = new(() => Read("/proc/cpuinfo"));

    public static CpuFeatures OfThisMachine => Current.Value;

    /// <summary>Reads the first <c>flags</c> line of a cpuinfo file; a missing or unreadable file means no bf16 support.</summary>
    public static CpuFeatures Read(string cpuinfoPath)
    {
        try
        {
            var line = File.ReadLines(cpuinfoPath).FirstOrDefault(text => text.StartsWith("flags", StringComparison.Ordinal));
            return Parse(line ?? "");
        }
        catch (IOException)
        {
            return new CpuFeatures(false, false);
        }
        catch (UnauthorizedAccessException)
        {
            return new CpuFeatures(false, false);
        }
    }

    public static CpuFeatures Parse(string flagsLine)
    {
        var flags = flagsLine.Split([' ', '\t', ':'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new CpuFeatures(flags.Contains("amx_bf16"), flags.Contains("avx512_bf16"));
    }
}
