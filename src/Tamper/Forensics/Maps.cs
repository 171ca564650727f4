using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>Small operations on 0..1 float maps shared by analyzers, detectors and writers.</summary>
public static class Maps
{
    /// <summary>A copy of <paramref name="map"/> stretched to width x height (bilinear), as CV_32FC1.</summary>
    public static Mat ToSize(Mat map, int width, int height)
    {
        var resized = new Mat();
        if (map.Cols == width && map.Rows == height)
            map.ConvertTo(resized, MatType.CV_32F);
        else
            Cv2.Resize(map, resized, new Size(width, height), 0, 0, InterpolationFlags.Linear);
        return resized;
    }

    /// <summary>0..1 float to 0..255 gray.</summary>
    public static Mat ToGray(Mat map)
    {
        var gray = new Mat();
        map.ConvertTo(gray, MatType.CV_8U, 255.0);
        return gray;
    }

    /// <summary>0..1 float to a color image (inferno: black = nothing, yellow = strongest).</summary>
    public static Mat ToColor(Mat map)
    {
        using var gray = ToGray(map);
        var color = new Mat();
        Cv2.ApplyColorMap(gray, color, ColormapTypes.Inferno);
        return color;
    }

    /// <summary>Values clamped into 0..1 in place.</summary>
    public static void Clamp01(Mat map)
    {
        Cv2.Max(map, Scalar.All(0), map);
        Cv2.Min(map, Scalar.All(1), map);
    }

    /// <summary>The image's luminance as 8-bit gray.</summary>
    public static Mat Gray(Mat bgr)
    {
        var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        return gray;
    }

    /// <summary>The longest side JPEG can store is 65,535 px; tiles stay under it on the 8-px block grid.</summary>
    private const int JpegTileSide = 32768;

    /// <summary>
    /// Re-encodes as JPEG at <paramref name="quality"/> and decodes again (same channel count). An image with a side
    /// beyond what JPEG stores (a 70 000 x 200 panorama) is re-saved in tiles whose edges fall on the 8-px block grid,
    /// so every block is compressed as in one file.
    /// </summary>
    public static Mat Recompress(Mat image, int quality)
    {
        int rows = image.Rows, cols = image.Cols;
        if (cols <= JpegTileSide && rows <= JpegTileSide)
            return RecompressWhole(image, quality);
        var result = new Mat(image.Size(), image.Type());
        for (int y = 0; y < rows; y += JpegTileSide)
            for (int x = 0; x < cols; x += JpegTileSide)
            {
                var tile = new Rect(x, y, Math.Min(JpegTileSide, cols - x), Math.Min(JpegTileSide, rows - y));
                using var part = image[tile];
                using var saved = RecompressWhole(part, quality);
                saved.CopyTo(result[tile]);
            }
        return result;
    }

    /// <summary>Side of the tiles <see cref="ForEachRecompressedTile"/> works in (a multiple of the 16-px JPEG macroblock).</summary>
    public const int ErrorTileSide = 4096;

    /// <summary>
    /// Re-saves the image at <paramref name="quality"/> in tiles of <see cref="ErrorTileSide"/> on the macroblock grid and
    /// hands each tile (original, re-saved) to <paramref name="visit"/>: a 40 MP image never holds a full-size re-saved copy
    /// and its difference (an image within one tile gives exactly the whole-image result).
    /// </summary>
    public static void ForEachRecompressedTile(Mat image, int quality, Action<Rect, Mat, Mat> visit)
    {
        int rows = image.Rows, cols = image.Cols;
        for (int y = 0; y < rows; y += ErrorTileSide)
            for (int x = 0; x < cols; x += ErrorTileSide)
            {
                var tile = new Rect(x, y, Math.Min(ErrorTileSide, cols - x), Math.Min(ErrorTileSide, rows - y));
                using var part = image[tile];
                using var saved = RecompressWhole(part, quality);
                visit(tile, part, saved);
            }
    }

    /// <summary>Per pixel, the largest absolute channel difference between the image and its re-save at <paramref name="quality"/> (CV_8UC1).</summary>
    public static Mat RecompressionError(Mat image, int quality)
    {
        var error = new Mat(image.Size(), MatType.CV_8UC1);
        ForEachRecompressedTile(image, quality, (tile, part, saved) =>
        {
            using var difference = new Mat();
            Cv2.Absdiff(part, saved, difference);
            using var target = error[tile];
            var channels = difference.Split();
            channels[0].CopyTo(target);
            for (int c = 1; c < channels.Length; c++) Cv2.Max(target, channels[c], target);
            foreach (var channel in channels) channel.Dispose();
        });
        return error;
    }

    private static Mat RecompressWhole(Mat image, int quality)
    {
        Cv2.ImEncode(".jpg", image, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        if (bytes.Length == 0)
            throw new InvalidOperationException($"OpenCV could not JPEG-encode a {image.Cols}x{image.Rows} image");
        return Cv2.ImDecode(bytes, image.Channels() == 1 ? ImreadModes.Grayscale : ImreadModes.Color);
    }

    /// <summary>The fraction of pixels at or above <paramref name="level"/>.</summary>
    public static double ShareAbove(Mat map, double level)
    {
        using var above = new Mat();
        Cv2.Threshold(map, above, level, 1, ThresholdTypes.Binary);
        return Cv2.Mean(above).Val0;
    }
}
