namespace Tamper.Data;

/// <summary>One known way of storing (image, mask) pairs: two sibling folders under a root.</summary>
public sealed record DatasetLayout(string Name, string ImageFolderName, string MaskFolderName)
{
    public static DatasetLayout ImagesMasks { get; } = new("images/ + masks/", "images", "masks");

    public static DatasetLayout ImgMask { get; } = new("img/ + mask/", "img", "mask");

    public static DatasetLayout TrainTrainMask { get; } = new("train/ + train_mask/", "train", "train_mask");

    public static DatasetLayout CasiaTpGt { get; } = new("Tp/ + Gt/ (CASIA)", "Tp", "Gt");

    public static IReadOnlyList<DatasetLayout> Known { get; } = [ImagesMasks, ImgMask, TrainTrainMask, CasiaTpGt];

    public static string KnownNames => string.Join("; ", Known.Select(layout => layout.Name));

    /// <summary>
    /// The layout whose two folders exist under <paramref name="root"/> (folder names matched ignoring
    /// case), with the actual folder paths; null when none fits.
    /// </summary>
    public static (DatasetLayout Layout, string ImageFolder, string MaskFolder)? Detect(string root)
    {
        if (!Directory.Exists(root))
            throw new InputFileException(root, "folder not found");
        var children = Directory.EnumerateDirectories(root)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key!, group => group.Order(StringComparer.Ordinal).First(), StringComparer.OrdinalIgnoreCase);
        foreach (var layout in Known)
        {
            if (children.TryGetValue(layout.ImageFolderName, out var images) && children.TryGetValue(layout.MaskFolderName, out var masks))
                return (layout, images, masks);
        }
        return null;
    }
}
