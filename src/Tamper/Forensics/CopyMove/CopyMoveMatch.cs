using OpenCvSharp;

namespace Tamper.Forensics.CopyMove;

/// <summary>
/// One region found twice in an image: <see cref="Transform"/> (2x3, full-image pixels) maps the source
/// onto the copy; the masks (CV_8UC1, image size, 255 = region) show both. Which of the two is the
/// original cannot be told from the correspondence alone.
/// </summary>
public sealed class CopyMoveMatch : IDisposable
{
    public CopyMoveMatch(string method, double[] transform, int support, Mat sourceMask, Mat targetMask)
    {
        Method = method;
        Transform = transform;
        Support = support;
        SourceMask = sourceMask;
        TargetMask = targetMask;
    }

    /// <summary>"keypoints" (SIFT, similarity transform) or "blocks" (dense block matching, translation).</summary>
    public string Method { get; }

    /// <summary>Row-major 2x3 affine matrix [a b tx; c d ty] from source to target.</summary>
    public double[] Transform { get; }

    /// <summary>Matched keypoint pairs (or blocks) that agree with the transform.</summary>
    public int Support { get; }

    public Mat SourceMask { get; }

    public Mat TargetMask { get; }

    public double ShiftX => Transform[2];

    public double ShiftY => Transform[5];

    public double Scale => Math.Sqrt(Transform[0] * Transform[0] + Transform[3] * Transform[3]);

    /// <summary>Counter-clockwise as displayed (y down), the convention of OpenCV's getRotationMatrix2D.</summary>
    public double RotationDegrees => Math.Atan2(-Transform[3], Transform[0]) * 180 / Math.PI;

    public string Describe(int imagePixels)
    {
        var area = Cv2.CountNonZero(TargetMask) * 100.0 / imagePixels;
        var center = Cv2.Moments(TargetMask, binaryImage: true);
        var (cx, cy) = center.M00 > 0 ? (center.M10 / center.M00, center.M01 / center.M00) : (0, 0);
        return $"region copied ({Method}, {Support} matches): shift ({ShiftX:0}, {ShiftY:0}) px, rotation {RotationDegrees:0.0} deg, scale {Scale:0.00}; copy centered at ({cx:0}, {cy:0}), {area:0.00}% of the image";
    }

    public void Dispose()
    {
        SourceMask.Dispose();
        TargetMask.Dispose();
    }
}
