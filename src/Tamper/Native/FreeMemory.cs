using System.Runtime.InteropServices;

namespace Tamper.Native;

/// <summary>
/// Hands memory the process no longer uses back to the system after a burst of large work (a server after many big
/// uploads): a compacting collection of the managed heap (the large-object heap otherwise keeps a burst's peak), then
/// the native allocator's free pages — tcmalloc's when the launcher preloaded it, else glibc's (<c>malloc_trim</c>).
/// Both allocators otherwise keep freed pages for reuse, so resident memory stays at the burst's level.
/// </summary>
public static class FreeMemory
{
    public static unsafe void Release()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux())
            return;
        // the main program's scope includes preloaded libraries: tcmalloc's C entry point is found there when it is in use
        if (NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "MallocExtension_ReleaseFreeMemory", out var release))
        {
            ((delegate* unmanaged<void>)release)();
            return;
        }
        try
        {
            MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // not glibc: nothing more to hand back
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
