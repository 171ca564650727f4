using OpenCvSharp;
using TorchSharp;

namespace Tamper.Native;

/// <summary>
/// Probes the native libraries the tool depends on, so that a broken setup is reported by name
/// (docs/stack-notes.md, notes 1 and 2) instead of surfacing later as a DllNotFoundException.
/// </summary>
public static class NativeRuntime
{
    public static NativeCheck OpenCv()
    {
        try
        {
            return new NativeCheck("OpenCV", true, Cv2.GetVersionString() ?? "unknown version");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return new NativeCheck("OpenCV", false, $"{Innermost(e).Message} (on Debian/Ubuntu: apt-get install libgtk-3-0)");
        }
    }

    /// <summary>Loads libtorch and computes (ones(2x3) @ ones(3x2)).sum(), which must be 12.</summary>
    public static NativeCheck Torch()
    {
        try
        {
            var result = TorchProbe();
            return new NativeCheck("libtorch", result == 12f, $"torch {torch.__version__}, {torch.get_num_threads()} thread(s), probe = {result}");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or BadImageFormatException)
        {
            return new NativeCheck("libtorch", false,
                $"{Innermost(e).Message} (run through ./tamper, which patches libLibTorchSharp.so for older libstdc++)");
        }
    }

    public static float TorchProbe()
    {
        using var scope = torch.NewDisposeScope();
        var product = torch.ones(2, 3).matmul(torch.ones(3, 2));
        return product.sum().item<float>();
    }

    /// <summary>Whether an allocator that keeps libtorch fast here is active (docs/stack-notes.md, note 2).</summary>
    public static NativeCheck Allocator()
    {
        var tcmalloc = File.Exists("/proc/self/maps") && File.ReadLines("/proc/self/maps").Any(line => line.Contains("tcmalloc", StringComparison.Ordinal));
        if (tcmalloc)
            return new NativeCheck("allocator", true, "tcmalloc preloaded");
        var tunables = Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "";
        if (tunables.Contains("mmap_max=0", StringComparison.Ordinal))
            return new NativeCheck("allocator", true, $"glibc malloc with GLIBC_TUNABLES={tunables}");
        return new NativeCheck("allocator", false,
            "glibc malloc without tuning: libtorch runs 5-15x slower (run through ./tamper, or LD_PRELOAD libtcmalloc_minimal.so.4)");
    }

    public static IReadOnlyList<NativeCheck> All() => [OpenCv(), Torch(), Allocator()];

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
