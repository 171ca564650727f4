using Tamper.Data;
using Tamper.Imaging;

namespace Tamper.Batch;

/// <summary>
/// Expands command-line inputs into the image files of a batch: a file is taken as it is, a folder
/// gives its image files (not recursive), a name with * or ? is matched within its folder. Inputs that
/// match nothing, and files whose id (stem) another input already has, are problems, not exceptions.
/// </summary>
public static class InputImages
{
    public static (IReadOnlyList<BatchItem> Items, IReadOnlyList<string> Problems) Expand(IEnumerable<string> inputs)
    {
        var items = new List<BatchItem>();
        var problems = new List<string>();
        var ids = new Dictionary<string, string>(FileStems.Comparer);
        foreach (var input in inputs)
        {
            IEnumerable<string> files;
            if (Directory.Exists(input))
                files = ImageFiles.InFolder(input);
            else if (File.Exists(input))
                files = [input];
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                var folder = Path.GetDirectoryName(input) is { Length: > 0 } parent ? parent : ".";
                files = Directory.Exists(folder)
                    ? Directory.EnumerateFiles(folder, Path.GetFileName(input)).Order(StringComparer.Ordinal).ToList()
                    : [];
                if (!files.Any())
                    problems.Add($"{input}: no file matches");
            }
            else
            {
                problems.Add($"{input}: no such file or folder");
                continue;
            }
            foreach (var file in files)
            {
                var id = FileStems.Of(file);
                if (ids.TryGetValue(id, out var first))
                {
                    if (Path.GetFullPath(first) != Path.GetFullPath(file))
                        problems.Add($"{file}: skipped, its id '{id}' is taken by {first} (outputs are named by id)");
                    continue;
                }
                ids[id] = file;
                items.Add(new BatchItem(id, file));
            }
        }
        return (items, problems);
    }
}
