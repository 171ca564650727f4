using OpenCvSharp;

namespace Tamper.Imaging;

/// <summary>
/// Writes masks and heat maps as PNG. Files are written to a temporary name and moved into place,
/// so an interrupted batch never leaves a half-written output that a resumed run would skip.
/// </summary>
public static class ImageWriter
{
    /// <summary>Writes a single-channel 8-bit image (mask 0/255 or gray heat map 0..255) as PNG.</summary>
    public static void SavePng(Mat image, string path)
    {
        if (image.Empty())
            throw new ArgumentException("cannot save an empty image", nameof(image));
        WriteAtomically(path, EncodePng(image));
    }

    /// <summary>Writes a probability map (float, 0..1) as a gray PNG, 0 to 0 and 1 to 255.</summary>
    public static void SaveHeatmapPng(Mat probabilities, string path)
    {
        if (probabilities.Type() != MatType.CV_32FC1)
            throw new ArgumentException("a heat map must be CV_32FC1 with values in 0..1", nameof(probabilities));
        using var gray = new Mat();
        probabilities.ConvertTo(gray, MatType.CV_8U, 255.0);
        SavePng(gray, path);
    }

    public static byte[] EncodePng(Mat image)
    {
        if (!Cv2.ImEncode(".png", image, out var bytes))
            throw new InvalidOperationException("OpenCV could not encode the image as PNG");
        return bytes;
    }

    public static void WriteAtomically(string path, byte[] bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        // unique per write: two writers of the same file (shards in one process, or on other machines) never share a temporary
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
