namespace Tamper.Data;

/// <summary>
/// How masks are matched to images: by file stem, where the mask may carry a <c>_gt</c> or
/// <c>_mask</c> suffix (CASIA and many contest repositories), with any image extension.
/// Matching ignores case so that <c>Tp_1</c> finds <c>tp_1_GT</c>.
/// </summary>
public static class FileStems
{
    public static IReadOnlyList<string> MaskSuffixes { get; } = ["_gt", "_mask"];

    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    public static string Of(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>The stems a mask of image <paramref name="id"/> may have, in order of preference.</summary>
    public static IEnumerable<string> MaskStemsFor(string id)
    {
        yield return id;
        foreach (var suffix in MaskSuffixes)
            yield return id + suffix;
    }

    /// <summary>The image id a mask stem stands for when no image is at hand: the stem without its suffix.</summary>
    public static string IdOfMaskStem(string stem)
    {
        foreach (var suffix in MaskSuffixes)
        {
            if (stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return stem[..^suffix.Length];
        }
        return stem;
    }
}
