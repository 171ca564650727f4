using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Tests.Support;

/// <summary>Small forgeries built in the test itself, with the exact mask of what was changed.</summary>
public static class Forgeries
{
    public static Mat Jpeg(Mat image, int quality) => Maps.Recompress(image, quality);

    /// <summary>Wraps an in-memory image as analyzer input, encoded as PNG (or as JPEG at <paramref name="jpegQuality"/>).</summary>
    public static ForensicInput Input(Mat image, int? jpegQuality = null)
    {
        byte[] bytes;
        if (jpegQuality is { } quality)
            Cv2.ImEncode(".jpg", image, out bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        else
            bytes = ImageWriter.EncodePng(image);
        var raster = new ImageLoader().Load(bytes, "test-image");
        return new ForensicInput("test-image", raster, bytes);
    }

    /// <summary>Copies <paramref name="from"/> onto <paramref name="to"/> (top-left corners), optionally rotated about its center.</summary>
    public static (Mat Image, Mat PastedMask) CopyMove(Mat image, Rect from, Point to, double rotationDegrees = 0)
    {
        var forged = image.Clone();
        var mask = new Mat(image.Size(), MatType.CV_8UC1, Scalar.All(0));
        if (rotationDegrees == 0)
        {
            image[from].CopyTo(forged[new Rect(to, from.Size)]);
            mask[new Rect(to, from.Size)].SetTo(Scalar.All(255));
            return (forged, mask);
        }
        // rotate a larger neighborhood and paste a centered disc, so no empty corners are pasted
        int margin = from.Width / 2;
        var outer = new Rect(from.X - margin, from.Y - margin, from.Width + 2 * margin, from.Height + 2 * margin);
        using var patch = image[outer].Clone();
        using var rotation = Cv2.GetRotationMatrix2D(new Point2f(outer.Width / 2f, outer.Height / 2f), rotationDegrees, 1.0);
        using var rotated = new Mat();
        Cv2.WarpAffine(patch, rotated, rotation, patch.Size(), InterpolationFlags.Linear, BorderTypes.Reflect);
        using var disc = new Mat(outer.Size, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Circle(disc, new Point(outer.Width / 2, outer.Height / 2), from.Width / 2, Scalar.All(255), -1);
        var target = new Rect(to.X - margin, to.Y - margin, outer.Width, outer.Height);
        rotated.CopyTo(forged[target], disc);
        disc.CopyTo(mask[target]);
        return (forged, mask);
    }

    public static double Iou(Mat a, Mat b)
    {
        using var both = new Mat();
        using var either = new Mat();
        Cv2.BitwiseAnd(a, b, both);
        Cv2.BitwiseOr(a, b, either);
        var union = Cv2.CountNonZero(either);
        return union == 0 ? 0 : (double)Cv2.CountNonZero(both) / union;
    }

    /// <summary>Mean of a float map inside and outside a mask.</summary>
    public static (double Inside, double Outside) MeanInsideOutside(Mat map, Mat mask)
    {
        using var outside = new Mat();
        Cv2.BitwiseNot(mask, outside);
        return (Cv2.Mean(map, mask).Val0, Cv2.Mean(map, outside).Val0);
    }
}
