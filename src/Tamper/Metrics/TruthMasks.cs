using Tamper.Data;

namespace Tamper.Metrics;

/// <summary>
/// Where the true masks of a scoring run are: the mask folder of a dataset root in a known layout, or
/// else the given folder itself. Ids are mask stems without a <c>_gt</c>/<c>_mask</c> suffix.
/// </summary>
public static class TruthMasks
{
    public static (string MaskFolder, IReadOnlyList<(string Id, string Path)> Masks, IReadOnlyList<string> Duplicates) Find(string truth)
    {
        var maskFolderPath = DatasetLayout.Detect(truth)?.MaskFolder ?? truth;
        var folder = MaskFolder.Open(maskFolderPath);
        var masks = new List<(string Id, string Path)>();
        var duplicates = folder.Duplicates.ToList();
        var seen = new HashSet<string>(FileStems.Comparer);
        foreach (var path in folder.Paths.Order(StringComparer.Ordinal))
        {
            var id = FileStems.IdOfMaskStem(FileStems.Of(path));
            if (seen.Add(id)) masks.Add((id, path));
            else duplicates.Add(path);
        }
        return (maskFolderPath, masks, duplicates);
    }
}
