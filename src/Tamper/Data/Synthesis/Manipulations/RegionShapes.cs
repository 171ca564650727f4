using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Random region masks (CV_8UC1, 255 inside): polygons, ellipses, and segments that follow image content.</summary>
public static class RegionShapes
{
    /// <summary>A region of about <paramref name="areaShare"/> of a width x height image, at a random place; its shape name.</summary>
    public static (Mat Mask, string Shape) Random(SynthRandom random, Mat image, double areaShare)
    {
        var shape = random.Weighted<string>([("polygon", 0.4), ("ellipse", 0.3), ("segment", 0.3)]);
        var mask = shape switch
        {
            "ellipse" => Ellipse(random, image.Cols, image.Rows, areaShare),
            "segment" => Segment(random, image, areaShare) ?? Polygon(random, image.Cols, image.Rows, areaShare),
            _ => Polygon(random, image.Cols, image.Rows, areaShare),
        };
        return (mask, shape);
    }

    public static Mat Ellipse(SynthRandom random, int width, int height, double areaShare)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        double area = areaShare * width * height, aspect = random.Uniform(0.5, 2.0);
        double a = Math.Sqrt(area * aspect / Math.PI), b = Math.Sqrt(area / aspect / Math.PI);
        a = Math.Min(a, width * 0.45);
        b = Math.Min(b, height * 0.45);
        var center = new Point(random.Int((int)a, Math.Max((int)a, width - (int)a - 1)), random.Int((int)b, Math.Max((int)b, height - (int)b - 1)));
        Cv2.Ellipse(mask, center, new Size(a, b), random.Uniform(0, 180), 0, 360, Scalar.All(255), -1, LineTypes.Link8);
        return mask;
    }

    public static Mat Polygon(SynthRandom random, int width, int height, double areaShare)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        double radius = Math.Min(Math.Sqrt(areaShare * width * height / Math.PI) * 1.15, Math.Min(width, height) * 0.45);
        int cx = random.Int((int)radius, Math.Max((int)radius, width - (int)radius - 1));
        int cy = random.Int((int)radius, Math.Max((int)radius, height - (int)radius - 1));
        int corners = random.Int(4, 10);
        var points = Enumerable.Range(0, corners)
            .Select(i => 2 * Math.PI * i / corners + random.Uniform(-0.25, 0.25))
            .Select(angle => (Angle: angle, R: radius * random.Uniform(0.55, 1.0)))
            .Select(p => new Point(cx + p.R * Math.Cos(p.Angle), cy + p.R * Math.Sin(p.Angle)))
            .ToArray();
        Cv2.FillPoly(mask, [points], Scalar.All(255), LineTypes.Link8);
        return mask;
    }

    /// <summary>A region grown by flood fill from a random seed (similar colors), like an object segment; null when too small.</summary>
    public static Mat? Segment(SynthRandom random, Mat image, double areaShare)
    {
        using var small = new Mat();
        double scale = Math.Min(1.0, 400.0 / Math.Max(image.Cols, image.Rows));
        Cv2.Resize(image, small, new Size(), scale, scale, InterpolationFlags.Area);
        Cv2.GaussianBlur(small, small, new Size(5, 5), 0);
        using var fill = new Mat(small.Rows + 2, small.Cols + 2, MatType.CV_8UC1, Scalar.All(0));
        var seed = new Point(random.Int(0, small.Cols - 1), random.Int(0, small.Rows - 1));
        var tolerance = Scalar.All(random.Uniform(6, 20));
        Cv2.FloodFill(small, fill, seed, Scalar.All(0), out _, tolerance, tolerance, FloodFillFlags.MaskOnly | FloodFillFlags.FixedRange | (FloodFillFlags)(255 << 8));
        using var region = fill[new Rect(1, 1, small.Cols, small.Rows)].Clone();
        double share = (double)Cv2.CountNonZero(region) / (small.Rows * small.Cols);
        if (share < areaShare * 0.3 || share > Math.Min(0.5, areaShare * 3))
            return null;
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5)))
            Cv2.MorphologyEx(region, region, MorphTypes.Close, kernel);
        var mask = new Mat();
        Cv2.Resize(region, mask, image.Size(), 0, 0, InterpolationFlags.Nearest);
        return mask;
    }

    public static double Share(Mat mask) => (double)Cv2.CountNonZero(mask) / ((long)mask.Rows * mask.Cols);
}
