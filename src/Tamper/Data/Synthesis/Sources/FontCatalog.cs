namespace Tamper.Data.Synthesis.Sources;

/// <summary>
/// The fonts found on this machine for rendering documents. Debian packages: fonts-dejavu-core,
/// fonts-liberation (Latin), fonts-noto-cjk (Chinese; Simplified Chinese is face index 2 of each .ttc).
/// SkiaSharp's dependency-free native library has no font fallback, so every font is loaded by path.
/// </summary>
public sealed class FontCatalog
{
    public static IReadOnlyList<string> SearchFolders { get; } = ["/usr/share/fonts", "/usr/local/share/fonts"];

    public const string InstallHint = "sudo apt-get install fonts-dejavu-core fonts-liberation fonts-noto-cjk";

    private FontCatalog(IReadOnlyList<FontFace> latin, IReadOnlyList<FontFace> chinese)
    {
        Latin = latin;
        Chinese = chinese;
    }

    public IReadOnlyList<FontFace> Latin { get; }

    public IReadOnlyList<FontFace> Chinese { get; }

    public static FontCatalog Find(IEnumerable<string>? folders = null)
    {
        var files = (folders ?? SearchFolders).Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToList();
        var latin = new List<FontFace>();
        var chinese = new List<FontFace>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            bool bold = name.Contains("Bold", StringComparison.OrdinalIgnoreCase);
            if (name.StartsWith("NotoSansCJK", StringComparison.Ordinal) || name.StartsWith("NotoSerifCJK", StringComparison.Ordinal))
            {
                if (Path.GetExtension(file) == ".ttc")
                    chinese.Add(new FontFace(file, 2, name.StartsWith("NotoSans", StringComparison.Ordinal) ? "Noto Sans CJK SC" : "Noto Serif CJK SC", true, bold));
                continue;
            }
            if (Path.GetExtension(file) != ".ttf" || name.Contains("Italic", StringComparison.Ordinal) || name.Contains("Oblique", StringComparison.Ordinal))
                continue;
            if ((name.StartsWith("DejaVu", StringComparison.Ordinal) && !name.Contains("Math", StringComparison.Ordinal)) || name.StartsWith("Liberation", StringComparison.Ordinal))
                latin.Add(new FontFace(file, 0, name.Split('-')[0], false, bold));
        }
        return new FontCatalog(latin, chinese);
    }

    /// <summary>One line for the user: what was found, and how to get what is missing.</summary>
    public string Describe() =>
        $"fonts: {Latin.Count} Latin ({string.Join(", ", Latin.Select(font => font.Family).Distinct().Take(6))}), {Chinese.Count} Chinese ({string.Join(", ", Chinese.Select(font => font.Family).Distinct())})"
        + (Latin.Count == 0 || Chinese.Count == 0 ? $"; missing fonts limit the documents: {InstallHint}" : "");
}
