namespace Tamper.Imaging;

/// <summary>Which files in a folder are taken as images (by extension; the content is still sniffed on load).</summary>
public static class ImageFiles
{
    public static IReadOnlyList<string> Extensions { get; } =
        [".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"];

    public static bool HasImageExtension(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Image files directly inside <paramref name="folder"/>, sorted by name (ordinal) for stable output.</summary>
    public static IReadOnlyList<string> InFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new InputFileException(folder, "folder not found");
        return Directory.EnumerateFiles(folder)
            .Where(HasImageExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
