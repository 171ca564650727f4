using OpenCvSharp;

namespace Tamper.Tests.Support;

/// <summary>
/// A tiny training set written to a folder (images/ + masks/): textured images with a noisier, brighter
/// rectangle spliced in, a pattern a small network learns within a few dozen steps.
/// </summary>
public static class TinyForgeries
{
    public static string Write(string folder, int count, int size, int seed = 1)
    {
        var random = new Random(seed);
        for (int index = 0; index < count; index++)
        {
            var (image, mask) = Make(size, random.Next(), random);
            using (image)
            using (mask)
            {
                Masks.Write(Path.Combine(folder, "images", $"tiny_{index:D3}.png"), image);
                Masks.Write(Path.Combine(folder, "masks", $"tiny_{index:D3}.png"), mask);
            }
        }
        return folder;
    }

    public static (Mat Image, Mat Mask) Make(int size, int seed, Random? random = null)
    {
        random ??= new Random(seed);
        using var host = Masks.ColorImage(size, size, seed);
        var image = new Mat();
        Cv2.GaussianBlur(host, image, new Size(0, 0), 1.5);
        var mask = new Mat(size, size, MatType.CV_8UC1, Scalar.All(0));
        int width = random.Next(size / 5, size / 2), height = random.Next(size / 5, size / 2);
        var rect = new Rect(random.Next(0, size - width), random.Next(0, size - height), width, height);
        using var patch = Masks.ColorImage(width, height, seed + 1);
        using var bright = new Mat();
        Cv2.Add(patch, Scalar.All(40), bright);
        bright.CopyTo(image[rect]);
        mask[rect].SetTo(Scalar.All(255));
        return (image, mask);
    }
}
