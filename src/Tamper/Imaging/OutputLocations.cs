namespace Tamper.Imaging;

/// <summary>
/// Checks output folders and files before a batch starts, so a bad location stops the run at once instead of after
/// the work (or as an internal error). Temporary files a killed run left (hidden <c>.NAME.PID.UNIQUE.tmp</c>) are left alone:
/// another process sharing the folder (a shard) may be about to rename its own.
/// </summary>
public static class OutputLocations
{
    /// <summary>Creates <paramref name="folder"/> if needed and proves it writable.</summary>
    public static void PrepareFolder(string folder)
    {
        if (File.Exists(folder))
            throw new OutputLocationException(folder, "is a file; an output folder is needed here");
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".tamper-write-test.{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputLocationException(folder, $"cannot write here ({e.Message})");
        }
    }

    /// <summary>Proves a file can be written at <paramref name="file"/> (its folder made if needed) without touching an existing file.</summary>
    public static void PrepareFile(string file)
    {
        if (Directory.Exists(file))
            throw new OutputLocationException(file, "is a folder; a file name is needed here");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        if (File.Exists(folder))
            throw new OutputLocationException(file, $"{folder} is a file, not a folder");
        PrepareFolder(folder);
        if (File.Exists(file) && (File.GetAttributes(file) & FileAttributes.ReadOnly) != 0)
            throw new OutputLocationException(file, "is read-only");
    }
}
