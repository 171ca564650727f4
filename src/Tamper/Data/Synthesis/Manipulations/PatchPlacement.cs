using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Moves a masked region of a source image to a new place (scale, rotation, optional mirror) in a target-sized frame.</summary>
public static class PatchPlacement
{
    public sealed record Placement(double Scale, double RotationDegrees, bool Mirrored, Point2d Center);

    /// <summary>
    /// Picks a placement for a region of <paramref name="regionBox"/> that keeps it inside the target,
    /// at least <paramref name="minDistance"/> from <paramref name="avoid"/> when given. Null when none fits.
    /// </summary>
    public static Placement? Choose(SynthRandom random, Rect regionBox, Size target, double scale, double rotationDegrees, bool mirrored,
        Point2d? avoid = null, double minDistance = 0)
    {
        double radius = 0.5 * Math.Sqrt(regionBox.Width * regionBox.Width + regionBox.Height * regionBox.Height) * scale;
        double halfWidth = Math.Min(radius, regionBox.Width * scale * 0.5 + regionBox.Height * scale * 0.5 * Math.Abs(Math.Sin(rotationDegrees * Math.PI / 180)));
        double halfHeight = Math.Min(radius, regionBox.Height * scale * 0.5 + regionBox.Width * scale * 0.5 * Math.Abs(Math.Sin(rotationDegrees * Math.PI / 180)));
        if (2 * halfWidth >= target.Width - 2 || 2 * halfHeight >= target.Height - 2)
            return null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var center = new Point2d(random.Uniform(halfWidth + 1, target.Width - halfWidth - 1), random.Uniform(halfHeight + 1, target.Height - halfHeight - 1));
            if (avoid is { } other && Math.Sqrt(Math.Pow(center.X - other.X, 2) + Math.Pow(center.Y - other.Y, 2)) < minDistance)
                continue;
            return new Placement(scale, rotationDegrees, mirrored, center);
        }
        return null;
    }

    /// <summary>The source's pixels and mask, transformed into a frame of <paramref name="target"/> size.</summary>
    public static (Mat Patch, Mat Mask) Apply(Mat source, Mat sourceMask, Rect regionBox, Placement placement, Size target)
    {
        var from = new Point2d(regionBox.X + regionBox.Width / 2.0, regionBox.Y + regionBox.Height / 2.0);
        double angle = placement.RotationDegrees * Math.PI / 180, s = placement.Scale;
        double a = s * Math.Cos(angle), b = s * Math.Sin(angle);
        double mirror = placement.Mirrored ? -1 : 1;
        // x' = R S M (x - from) + to, with M the optional horizontal mirror
        double m00 = a * mirror, m01 = b, m10 = -b * mirror, m11 = a;
        var matrix = new double[]
        {
            m00, m01, placement.Center.X - (m00 * from.X + m01 * from.Y),
            m10, m11, placement.Center.Y - (m10 * from.X + m11 * from.Y),
        };
        using var transform = Mat.FromPixelData(2, 3, MatType.CV_64FC1, matrix);
        var patch = new Mat();
        var mask = new Mat();
        Cv2.WarpAffine(source, patch, transform, target, InterpolationFlags.Linear, BorderTypes.Reflect);
        Cv2.WarpAffine(sourceMask, mask, transform, target, InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        return (patch, mask);
    }

    public static IEnumerable<KeyValuePair<string, object>> Describe(Placement placement) =>
    [
        new("scale", Math.Round(placement.Scale, 3)),
        new("rotation", Math.Round(placement.RotationDegrees, 1)),
        new("mirrored", placement.Mirrored),
        new("x", (int)placement.Center.X),
        new("y", (int)placement.Center.Y),
    ];
}
