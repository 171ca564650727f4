using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Removal: a region filled by OpenCV inpainting (Telea or Navier-Stokes) or by a patch copied from nearby.</summary>
public sealed class Removal : IManipulation
{
    public string Name => "removal";

    public bool NeedsDocument => false;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        using var region = random.Chance(0.5)
            ? RegionShapes.Ellipse(random, context.Width, context.Height, random.Uniform(0.005, 0.06))
            : RegionShapes.Polygon(random, context.Width, context.Height, random.Uniform(0.005, 0.06));
        var method = random.Weighted<string>([("telea", 0.35), ("navier-stokes", 0.3), ("patch", 0.35)]);
        if (method == "patch")
        {
            var box = Cv2.BoundingRect(region);
            using var original = context.Image.Clone();
            var from = new Point2d(box.X + box.Width / 2.0, box.Y + box.Height / 2.0);
            // fill from a neighboring place: the patch comes from the same image, shifted
            var placement = PatchPlacement.Choose(random, box, original.Size(), 1, 0, false, avoid: from, minDistance: 0.7 * Math.Max(box.Width, box.Height));
            if (placement is null) return false;
            // move the *source* there: the region keeps its place and receives the pixels from the placement
            using var shift = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new double[] { 1, 0, from.X - placement.Center.X, 0, 1, from.Y - placement.Center.Y });
            using var patch = new Mat();
            Cv2.WarpAffine(original, patch, shift, original.Size(), InterpolationFlags.Nearest, BorderTypes.Reflect);
            Blending.Feathered(context.Image, patch, region, random.Uniform(1, 4));
            context.Params["source_x"] = (int)placement.Center.X;
            context.Params["source_y"] = (int)placement.Center.Y;
        }
        else
        {
            int radius = random.Int(3, 10);
            using var filled = new Mat();
            Cv2.Inpaint(context.Image, region, filled, radius, method == "telea" ? InpaintTypes.Telea : InpaintTypes.NS);
            filled.CopyTo(context.Image, region);
            context.Params["radius"] = radius;
        }
        context.Params["method"] = method;
        context.Params["area_share"] = Math.Round(RegionShapes.Share(region), 4);
        return true;
    }
}
