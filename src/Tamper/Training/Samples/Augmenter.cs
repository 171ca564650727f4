using OpenCvSharp;
using Tamper.Data.Synthesis;

namespace Tamper.Training.Samples;

/// <summary>
/// Turns a sample into one square training crop: sometimes rescaled, cropped (more often around the edit,
/// so small edits are seen), flipped, rotated by 90°, and sometimes re-compressed, blurred, noised or
/// sharpened. Degradations stay mild: the synthetic samples went through post-processing already, and
/// every degradation also erases some of the traces the network has to learn.
/// </summary>
public sealed class Augmenter(int crop)
{
    public int Crop { get; } = crop;

    public void Apply(TrainingSample sample, SynthRandom random)
    {
        if (random.Chance(0.2))
            Rescale(sample, random.Uniform(0.6, 1.3));
        CropAround(sample, random);
        if (random.Chance(0.5))
            Flip(sample, FlipMode.Y);
        if (random.Chance(0.2))
            Flip(sample, FlipMode.X);
        if (random.Chance(0.25))
            Rotate(sample, random.Chance(0.5) ? RotateFlags.Rotate90Clockwise : RotateFlags.Rotate90Counterclockwise);
        if (random.Chance(0.2))
            Recompress(sample, random.Int(65, 95));
        if (random.Chance(0.08))
            Cv2.GaussianBlur(sample.Image, sample.Image, new Size(0, 0), random.Uniform(0.3, 1.0));
        if (random.Chance(0.08))
            AddNoise(sample, random.Uniform(1, 3), random.NextSeed());
        if (random.Chance(0.05))
            Sharpen(sample, random.Uniform(0.3, 1.0));
    }

    private static void Rescale(TrainingSample sample, double factor)
    {
        var size = new Size(Math.Max(16, (int)Math.Round(sample.Image.Cols * factor)), Math.Max(16, (int)Math.Round(sample.Image.Rows * factor)));
        var image = new Mat();
        var mask = new Mat();
        Cv2.Resize(sample.Image, image, size, 0, 0, factor < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        Cv2.Resize(sample.Mask, mask, size, 0, 0, InterpolationFlags.Nearest);
        sample.Replace(image, mask);
    }

    /// <summary>A crop of exactly <see cref="Crop"/>², padded by reflection where the image is smaller.</summary>
    private void CropAround(TrainingSample sample, SynthRandom random)
    {
        int width = sample.Image.Cols, height = sample.Image.Rows;
        if (width < Crop || height < Crop)
        {
            int padRight = Math.Max(0, Crop - width), padBottom = Math.Max(0, Crop - height);
            var image = new Mat();
            var mask = new Mat();
            var border = padRight < width && padBottom < height ? BorderTypes.Reflect101 : BorderTypes.Constant;
            Cv2.CopyMakeBorder(sample.Image, image, 0, padBottom, 0, padRight, border);
            Cv2.CopyMakeBorder(sample.Mask, mask, 0, padBottom, 0, padRight, border);
            sample.Replace(image, mask);
            width = image.Cols;
            height = image.Rows;
        }
        int left = random.Int(0, width - Crop), top = random.Int(0, height - Crop);
        if (random.Chance(0.6) && RandomTamperedPixel(sample.Mask, random) is { } pixel)
        {
            left = Math.Clamp(pixel.X - random.Int(Crop / 8, Crop * 7 / 8), 0, width - Crop);
            top = Math.Clamp(pixel.Y - random.Int(Crop / 8, Crop * 7 / 8), 0, height - Crop);
        }
        var rect = new Rect(left, top, Crop, Crop);
        sample.Replace(sample.Image[rect].Clone(), sample.Mask[rect].Clone());
    }

    private static Point? RandomTamperedPixel(Mat mask, SynthRandom random)
    {
        using var points = new Mat();
        Cv2.FindNonZero(mask, points);
        if (points.Empty() || points.Rows == 0) return null;
        return points.At<Point>(random.Int(0, points.Rows - 1));
    }

    private static void Flip(TrainingSample sample, FlipMode mode)
    {
        Cv2.Flip(sample.Image, sample.Image, mode);
        Cv2.Flip(sample.Mask, sample.Mask, mode);
    }

    private static void Rotate(TrainingSample sample, RotateFlags rotation)
    {
        var image = new Mat();
        var mask = new Mat();
        Cv2.Rotate(sample.Image, image, rotation);
        Cv2.Rotate(sample.Mask, mask, rotation);
        sample.Replace(image, mask);
    }

    private static void Recompress(TrainingSample sample, int quality)
    {
        Cv2.ImEncode(".jpg", sample.Image, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        sample.Replace(Cv2.ImDecode(bytes, ImreadModes.Color), sample.Mask);
    }

    private static void AddNoise(TrainingSample sample, double sigma, int seed)
    {
        using var noise = new Mat(sample.Image.Size(), MatType.CV_16SC3);
        new RNG((ulong)seed).Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(sigma));
        using var wide = new Mat();
        sample.Image.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(sample.Image, MatType.CV_8UC3);
    }

    private static void Sharpen(TrainingSample sample, double amount)
    {
        using var blurred = new Mat();
        Cv2.GaussianBlur(sample.Image, blurred, new Size(0, 0), 1.0);
        Cv2.AddWeighted(sample.Image, 1 + amount, blurred, -amount, 0, sample.Image);
    }
}
