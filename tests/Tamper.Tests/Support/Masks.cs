using OpenCvSharp;

namespace Tamper.Tests.Support;

/// <summary>Builds small masks and images for tests and writes them with OpenCV.</summary>
public static class Masks
{
    /// <summary>A CV_8UC1 mask from rows of '#' (tampered, 255) and '.' (authentic, 0).</summary>
    public static Mat FromRows(params string[] rows)
    {
        var mask = new Mat(rows.Length, rows[0].Length, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 0; y < rows.Length; y++)
            for (int x = 0; x < rows[y].Length; x++)
                if (rows[y][x] == '#') mask.Set(y, x, (byte)255);
        return mask;
    }

    public static Mat Filled(int width, int height, byte value) => new(height, width, MatType.CV_8UC1, Scalar.All(value));

    /// <summary>A mask with a filled rectangle of 255.</summary>
    public static Mat WithRectangle(int width, int height, Rect rectangle)
    {
        var mask = Filled(width, height, 0);
        mask[rectangle].SetTo(Scalar.All(255));
        return mask;
    }

    /// <summary>A color test image with some structure, deterministic for a seed.</summary>
    public static Mat ColorImage(int width, int height, int seed = 1)
    {
        var bytes = new byte[width * height * 3];
        new Random(seed).NextBytes(bytes);
        using var noise = Mat.FromPixelData(height, width, MatType.CV_8UC3, bytes);
        var image = new Mat();
        Cv2.GaussianBlur(noise, image, new Size(5, 5), 0);
        return image;
    }

    public static void Write(string path, Mat image)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!Cv2.ImWrite(path, image))
            throw new InvalidOperationException($"OpenCV could not write {path}");
    }
}
