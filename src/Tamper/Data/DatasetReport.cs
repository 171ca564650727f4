namespace Tamper.Data;

/// <summary>
/// Everything about a dataset folder that did not pair up cleanly, in one place. The reader never
/// throws for these: the caller decides what is fatal (training may skip them, a scorer may not).
/// </summary>
public sealed record DatasetReport(
    IReadOnlyList<string> ImagesWithoutMasks,
    IReadOnlyList<string> MasksWithoutImages,
    IReadOnlyList<SizeMismatch> SizeMismatches,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<string> Unreadable,
    IReadOnlyList<string> ZeroOneMasks)
{
    /// <summary>True when every image has a readable mask of its size and nothing is left over.</summary>
    public bool IsClean =>
        ImagesWithoutMasks.Count == 0 && MasksWithoutImages.Count == 0 && SizeMismatches.Count == 0 &&
        Duplicates.Count == 0 && Unreadable.Count == 0;

    /// <summary>Readable lines, one per problem kind (with up to <paramref name="maxListed"/> names each).</summary>
    public IEnumerable<string> Describe(int maxListed = 10)
    {
        if (ImagesWithoutMasks.Count > 0)
            yield return $"{ImagesWithoutMasks.Count} image(s) without a mask: {List(ImagesWithoutMasks, maxListed)}";
        if (MasksWithoutImages.Count > 0)
            yield return $"{MasksWithoutImages.Count} mask(s) without an image: {List(MasksWithoutImages, maxListed)}";
        foreach (var mismatch in SizeMismatches.Take(maxListed))
            yield return $"size mismatch: {mismatch}";
        if (SizeMismatches.Count > maxListed)
            yield return $"... and {SizeMismatches.Count - maxListed} more size mismatch(es)";
        if (Duplicates.Count > 0)
            yield return $"{Duplicates.Count} file(s) ignored because another file has the same name stem: {List(Duplicates, maxListed)}";
        foreach (var problem in Unreadable.Take(maxListed))
            yield return problem;
        if (Unreadable.Count > maxListed)
            yield return $"... and {Unreadable.Count - maxListed} more unreadable file(s)";
        if (ZeroOneMasks.Count > 0)
            yield return $"note: {ZeroOneMasks.Count} mask(s) are stored as 0/1 instead of 0/255; 1 is read as tampered";
    }

    private static string List(IReadOnlyList<string> paths, int max) =>
        string.Join(", ", paths.Take(max).Select(Path.GetFileName)) + (paths.Count > max ? $", ... ({paths.Count - max} more)" : "");
}
