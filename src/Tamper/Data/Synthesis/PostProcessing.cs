using OpenCvSharp;

namespace Tamper.Data.Synthesis;

/// <summary>
/// What contest images went through after the edit, chosen per sample and recorded: a global adjustment
/// (sharpening, gamma, contrast, saturation: edits of the whole image, which are not tampering), resizing, blur, noise,
/// a chat-app pass (downscale + recompress), then the saved file: JPEG at a random quality (sometimes
/// compressed twice, with the second grid shifted by cropping) or PNG. The file's bytes are the real
/// encoder output, so its compression history is genuine; the mask follows every geometric step.
/// </summary>
public static class PostProcessing
{
    public sealed record Result(byte[] Bytes, string Extension, Mat Mask, IReadOnlyList<Dictionary<string, object>> Steps);

    /// <param name="pngShare">Share of samples saved losslessly (screenshots are PNG more often than photos).</param>
    public static Result Apply(Mat edited, Mat editMask, SynthRandom random, double pngShare = 0.25)
    {
        var steps = new List<Dictionary<string, object>>();
        var image = edited.Clone();
        var mask = editMask.Clone();
        try
        {
            if (random.Chance(0.2))
                steps.Add(GlobalAdjustment(image, random));
            if (random.Chance(0.3))
            {
                double factor = random.Chance(0.8) ? random.Uniform(0.5, 0.95) : random.Uniform(1.05, 1.3);
                var size = new Size(Math.Max(16, (int)Math.Round(image.Cols * factor)), Math.Max(16, (int)Math.Round(image.Rows * factor)));
                Cv2.Resize(image, image, size, 0, 0, factor < 1 ? InterpolationFlags.Area : InterpolationFlags.Cubic);
                Cv2.Resize(mask, mask, size, 0, 0, InterpolationFlags.Nearest);
                steps.Add(new() { ["step"] = "resize", ["factor"] = Math.Round(factor, 3) });
            }
            if (random.Chance(0.15))
            {
                double sigma = random.Uniform(0.3, 1.2);
                Cv2.GaussianBlur(image, image, new Size(0, 0), sigma);
                steps.Add(new() { ["step"] = "blur", ["sigma"] = Math.Round(sigma, 2) });
            }
            if (random.Chance(0.15))
            {
                double sigma = random.Uniform(1, 4);
                using var noise = new Mat(image.Size(), MatType.CV_16SC3);
                var generator = new RNG((ulong)random.NextSeed());
                generator.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(sigma));
                using var wide = new Mat();
                image.ConvertTo(wide, MatType.CV_16SC3);
                Cv2.Add(wide, noise, wide);
                wide.ConvertTo(image, MatType.CV_8UC3);
                steps.Add(new() { ["step"] = "noise", ["sigma"] = Math.Round(sigma, 2) });
            }
            if (random.Chance(0.1))
            {
                int longSide = Math.Max(image.Cols, image.Rows), limit = random.Pick([720, 1080, 1280]);
                if (longSide > limit)
                {
                    double scale = (double)limit / longSide;
                    var size = new Size(Math.Max(16, (int)(image.Cols * scale)), Math.Max(16, (int)(image.Rows * scale)));
                    Cv2.Resize(image, image, size, 0, 0, InterpolationFlags.Area);
                    Cv2.Resize(mask, mask, size, 0, 0, InterpolationFlags.Nearest);
                }
                int quality = random.Int(70, 85);
                Recompress(image, quality);
                steps.Add(new() { ["step"] = "chat_app", ["long_side_limit"] = limit, ["quality"] = quality });
            }
            if (random.Chance(1 - pngShare))
            {
                if (random.Chance(0.3))
                {
                    int first = random.Int(60, 95);
                    Recompress(image, first);
                    int dx = random.Chance(0.5) ? random.Int(1, 7) : 0, dy = random.Chance(0.5) ? random.Int(1, 7) : 0;
                    if (dx > 0 || dy > 0)
                    {
                        var crop = new Rect(dx, dy, image.Cols - dx, image.Rows - dy);
                        using (var cropped = image[crop].Clone()) cropped.CopyTo(image);
                        using (var croppedMask = mask[crop].Clone()) croppedMask.CopyTo(mask);
                    }
                    steps.Add(new() { ["step"] = "jpeg", ["quality"] = first, ["grid_shift_x"] = dx, ["grid_shift_y"] = dy });
                }
                int quality = random.Int(65, 98);
                Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
                steps.Add(new() { ["step"] = "save", ["format"] = "jpeg", ["quality"] = quality });
                return new Result(jpeg, ".jpg", mask.Clone(), steps);
            }
            steps.Add(new() { ["step"] = "save", ["format"] = "png" });
            return new Result(Imaging.ImageWriter.EncodePng(image), ".png", mask.Clone(), steps);
        }
        finally
        {
            image.Dispose();
            mask.Dispose();
        }
    }

    /// <summary>One whole-image adjustment, as photo apps and scanners apply them; the mask does not change.</summary>
    private static Dictionary<string, object> GlobalAdjustment(Mat image, SynthRandom random)
    {
        switch (random.Int(0, 3))
        {
            case 0:
            {
                double amount = random.Uniform(0.3, 1.5), sigma = random.Uniform(0.8, 2.5);
                using var blurred = new Mat();
                Cv2.GaussianBlur(image, blurred, new Size(0, 0), sigma);
                Cv2.AddWeighted(image, 1 + amount, blurred, -amount, 0, image);
                return new() { ["step"] = "sharpen", ["amount"] = Math.Round(amount, 2), ["sigma"] = Math.Round(sigma, 2) };
            }
            case 1:
            {
                double gamma = random.Uniform(0.75, 1.35);
                using var table = new Mat(1, 256, MatType.CV_8UC1);
                for (int level = 0; level < 256; level++)
                    table.Set(0, level, (byte)Math.Clamp(Math.Round(255 * Math.Pow(level / 255.0, gamma)), 0, 255));
                Cv2.LUT(image, table, image);
                return new() { ["step"] = "gamma", ["gamma"] = Math.Round(gamma, 3) };
            }
            case 2:
            {
                double contrast = random.Uniform(0.8, 1.25), brightness = random.Uniform(-20, 20);
                image.ConvertTo(image, MatType.CV_8UC3, contrast, brightness + 128 * (1 - contrast));
                return new() { ["step"] = "contrast", ["contrast"] = Math.Round(contrast, 3), ["brightness"] = Math.Round(brightness, 1) };
            }
            default:
            {
                double saturation = random.Uniform(0.6, 1.4);
                using var hsv = new Mat();
                Cv2.CvtColor(image, hsv, ColorConversionCodes.BGR2HSV);
                var channels = hsv.Split();
                channels[1].ConvertTo(channels[1], MatType.CV_8UC1, saturation);
                Cv2.Merge(channels, hsv);
                foreach (var channel in channels) channel.Dispose();
                Cv2.CvtColor(hsv, image, ColorConversionCodes.HSV2BGR);
                return new() { ["step"] = "saturation", ["factor"] = Math.Round(saturation, 3) };
            }
        }
    }

    private static void Recompress(Mat image, int quality)
    {
        using var decoded = Forensics.Maps.Recompress(image, quality);
        decoded.CopyTo(image);
    }
}
