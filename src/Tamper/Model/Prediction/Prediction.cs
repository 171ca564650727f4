using OpenCvSharp;

namespace Tamper.Model.Prediction;

/// <summary>A heat map (CV_32FC1, image size, tampering probability 0..1) and the image-level probability.</summary>
public sealed class Prediction(Mat heatmap, double imageScore) : IDisposable
{
    public Mat Heatmap { get; } = heatmap;

    /// <summary>Probability that anything in the image is edited: the highest of its tiles'.</summary>
    public double ImageScore { get; } = imageScore;

    public void Dispose() => Heatmap.Dispose();
}
