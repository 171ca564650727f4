using OpenCvSharp;

namespace Tamper.Training.Samples;

/// <summary>One training image (CV_8UC3 BGR) with its mask (CV_8UC1, 255 = tampered), same size.</summary>
public sealed class TrainingSample(Mat image, Mat mask) : IDisposable
{
    public Mat Image { get; private set; } = image;

    public Mat Mask { get; private set; } = mask;

    /// <summary>Replaces both (disposing the old ones): augmentation steps change them in turn.</summary>
    public void Replace(Mat image, Mat mask)
    {
        if (!ReferenceEquals(image, Image)) Image.Dispose();
        if (!ReferenceEquals(mask, Mask)) Mask.Dispose();
        Image = image;
        Mask = mask;
    }

    public void Dispose()
    {
        Image.Dispose();
        Mask.Dispose();
    }
}
