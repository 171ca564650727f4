using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>How a patch goes into the image: a hard cut, a feathered alpha edge, or Poisson (seamless) cloning.</summary>
public static class Blending
{
    /// <summary>Pastes <paramref name="patch"/> (same size as the image, valid where <paramref name="mask"/> is set) into <paramref name="image"/>.</summary>
    public static string Paste(SynthRandom random, Mat image, Mat patch, Mat mask, bool allowSeamless = true)
    {
        var mode = random.Weighted<string>(allowSeamless ? [("feather", 0.55), ("hard", 0.2), ("seamless", 0.25)] : [("feather", 0.7), ("hard", 0.3)]);
        if (mode == "seamless" && TrySeamless(image, patch, mask))
            return mode;
        if (mode == "hard")
        {
            patch.CopyTo(image, mask);
            return mode;
        }
        Feathered(image, patch, mask, random.Uniform(0.7, 3.0));
        return "feather";
    }

    /// <summary>Alpha blend with the mask's edge blurred by a Gaussian of <paramref name="sigma"/> px (inside the mask only).</summary>
    public static void Feathered(Mat image, Mat patch, Mat mask, double sigma)
    {
        using var alpha = new Mat();
        mask.ConvertTo(alpha, MatType.CV_32F, 1.0 / 255);
        Cv2.GaussianBlur(alpha, alpha, new Size(0, 0), sigma);
        using (var inside = new Mat())
        {
            mask.ConvertTo(inside, MatType.CV_32F, 1.0 / 255);
            Cv2.Multiply(alpha, inside, alpha); // the edge fades inwards; nothing outside the mask changes
        }
        AlphaBlend(image, patch, alpha);
    }

    /// <summary>image = image x (1 - alpha) + patch x alpha, alpha CV_32FC1 in 0..1.</summary>
    public static void AlphaBlend(Mat image, Mat patch, Mat alpha)
    {
        using var alpha3 = new Mat();
        Cv2.Merge([alpha, alpha, alpha], alpha3);
        using var a = new Mat();
        using var b = new Mat();
        image.ConvertTo(a, MatType.CV_32FC3);
        patch.ConvertTo(b, MatType.CV_32FC3);
        using var inverse = new Mat();
        Cv2.Subtract(Scalar.All(1), alpha3, inverse);
        Cv2.Multiply(a, inverse, a);
        Cv2.Multiply(b, alpha3, b);
        Cv2.Add(a, b, a);
        a.ConvertTo(image, MatType.CV_8UC3);
    }

    private static bool TrySeamless(Mat image, Mat patch, Mat mask)
    {
        var box = Cv2.BoundingRect(mask);
        // OpenCV's seamless clone needs the region off the image border
        if (box.Width < 4 || box.Height < 4 || box.X < 2 || box.Y < 2 || box.Right > image.Cols - 2 || box.Bottom > image.Rows - 2)
            return false;
        using var source = patch[box].Clone();
        using var sourceMask = mask[box].Clone();
        using var result = new Mat();
        var center = new Point(box.X + box.Width / 2, box.Y + box.Height / 2);
        Cv2.SeamlessClone(source, image, sourceMask, center, result, SeamlessCloneFlags.NormalClone);
        result.CopyTo(image, mask); // only the region itself: the clone can spill a pixel around it
        return true;
    }

    /// <summary>Shifts a patch's colors toward the target's statistics under the mask (Reinhard, in Lab), by <paramref name="strength"/>.</summary>
    public static void MatchColors(Mat patch, Mat patchMask, Mat target, Mat targetMask, double strength)
    {
        using var patchLab = new Mat();
        using var targetLab = new Mat();
        Cv2.CvtColor(patch, patchLab, ColorConversionCodes.BGR2Lab);
        Cv2.CvtColor(target, targetLab, ColorConversionCodes.BGR2Lab);
        Cv2.MeanStdDev(patchLab, out var pm, out var ps, patchMask);
        Cv2.MeanStdDev(targetLab, out var tm, out var ts, targetMask);
        using var values = new Mat();
        patchLab.ConvertTo(values, MatType.CV_32FC3);
        var channels = values.Split();
        for (int c = 0; c < 3; c++)
        {
            double gain = ps[c] > 1e-3 ? 1 + strength * (ts[c] / ps[c] - 1) : 1;
            double shift = strength * (tm[c] - pm[c]);
            channels[c].ConvertTo(channels[c], MatType.CV_32F, gain, pm[c] * (1 - gain) + shift);
        }
        Cv2.Merge(channels, values);
        foreach (var channel in channels) channel.Dispose();
        values.ConvertTo(patchLab, MatType.CV_8UC3);
        Cv2.CvtColor(patchLab, patch, ColorConversionCodes.Lab2BGR);
    }
}
