using OpenCvSharp;
using Tamper.Imaging;

namespace Tamper.Data;

/// <summary>
/// Writes held-out source images as an authentic validation dataset: <c>images/</c> (the files as they
/// are, byte for byte) and <c>masks/</c> (all-zero PNGs of the same size), a layout every command reads.
/// </summary>
public static class HoldoutExport
{
    public static int Write(IEnumerable<string> paths, string folder)
    {
        var images = Path.Combine(folder, "images");
        var masks = Path.Combine(folder, "masks");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        int count = 0;
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var header = ImageHeaderReader.Read(path);
            var stem = FileStems.Of(path);
            // two sources may share a stem: the first keeps it, later ones get the parent folder's name
            var id = used.Add(stem) ? stem : $"{Path.GetFileName(Path.GetDirectoryName(path))}_{stem}";
            used.Add(id);
            File.Copy(path, Path.Combine(images, id + Path.GetExtension(path).ToLowerInvariant()), overwrite: true);
            using var empty = new Mat(header.Height, header.Width, MatType.CV_8UC1, Scalar.All(0));
            ImageWriter.SavePng(empty, Path.Combine(masks, id + ".png"));
            count++;
        }
        return count;
    }
}
