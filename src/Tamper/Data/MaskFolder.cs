using Tamper.Imaging;

namespace Tamper.Data;

/// <summary>
/// The image files of one folder indexed by stem, with lookup by image id (tolerating the
/// <c>_gt</c>/<c>_mask</c> suffixes) and a record of which files no lookup claimed.
/// </summary>
public sealed class MaskFolder
{
    private readonly Dictionary<string, string> _byStem;
    private readonly HashSet<string> _claimed = new(FileStems.Comparer);

    private MaskFolder(string folder, Dictionary<string, string> byStem, IReadOnlyList<string> duplicates)
    {
        Folder = folder;
        _byStem = byStem;
        Duplicates = duplicates;
    }

    public string Folder { get; }

    public int Count => _byStem.Count;

    /// <summary>Files whose stem another file in the folder already has (a.png beside a.jpg): ignored.</summary>
    public IReadOnlyList<string> Duplicates { get; }

    public IEnumerable<string> Paths => _byStem.Values;

    public static MaskFolder Open(string folder)
    {
        var byStem = new Dictionary<string, string>(FileStems.Comparer);
        var duplicates = new List<string>();
        foreach (var path in ImageFiles.InFolder(folder))
        {
            if (!byStem.TryAdd(FileStems.Of(path), path))
                duplicates.Add(path);
        }
        return new MaskFolder(folder, byStem, duplicates);
    }

    /// <summary>Finds the file for image <paramref name="id"/> and marks it as claimed.</summary>
    public bool TryClaim(string id, out string path)
    {
        foreach (var stem in FileStems.MaskStemsFor(id))
        {
            if (_byStem.TryGetValue(stem, out path!))
            {
                _claimed.Add(stem);
                return true;
            }
        }
        path = "";
        return false;
    }

    /// <summary>Files that no <see cref="TryClaim"/> call asked for, sorted.</summary>
    public IReadOnlyList<string> Unclaimed() =>
        _byStem.Where(entry => !_claimed.Contains(entry.Key)).Select(entry => entry.Value).Order(StringComparer.Ordinal).ToList();
}
