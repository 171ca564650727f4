using OpenCvSharp;

namespace Tamper.Benchmarks;

/// <summary>Benchmark inputs made on the spot: a photo-like texture of a given size, JPEG-encoded.</summary>
public static class SyntheticImages
{
    /// <summary>A 4:3 image of about <paramref name="megapixels"/> MP: blurred noise over a gradient, as JPEG bytes at quality 90.</summary>
    public static byte[] TexturedJpeg(double megapixels, int seed = 1)
    {
        int width = (int)Math.Round(Math.Sqrt(megapixels * 1e6 * 4 / 3)), height = (int)Math.Round(width * 3 / 4.0);
        var bytes = new byte[(long)width * height * 3];
        new Random(seed).NextBytes(bytes);
        using var noise = Mat.FromPixelData(height, width, MatType.CV_8UC3, bytes);
        using var image = new Mat();
        Cv2.GaussianBlur(noise, image, new Size(0, 0), 1.5);
        using var gradient = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Resize(Mat.FromPixelData(2, 2, MatType.CV_8UC3, new byte[] { 20, 60, 120, 200, 180, 90, 60, 140, 220, 120, 30, 90 }),
            gradient, new Size(width, height), 0, 0, InterpolationFlags.Linear);
        Cv2.AddWeighted(image, 0.3, gradient, 0.7, 0, image);
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
        return jpeg;
    }
}
