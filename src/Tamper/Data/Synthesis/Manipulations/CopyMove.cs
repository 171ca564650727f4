using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Copy-move: a region of the image itself pasted elsewhere in it (shift, rotation, scale, mirror), blended.</summary>
public sealed class CopyMove : IManipulation
{
    public string Name => "copy-move";

    public bool NeedsDocument => false;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        using var original = context.Image.Clone();
        var (region, shape) = RegionShapes.Random(random, original, random.Uniform(0.01, 0.12));
        using (region)
        {
            var box = Cv2.BoundingRect(region);
            if (box.Width < 6 || box.Height < 6) return false;
            bool transformed = random.Chance(0.5);
            double scale = transformed ? random.Uniform(0.85, 1.15) : 1;
            double rotation = transformed ? random.Uniform(-30, 30) : 0;
            var from = new Point2d(box.X + box.Width / 2.0, box.Y + box.Height / 2.0);
            var placement = PatchPlacement.Choose(random, box, original.Size(), scale, rotation, random.Chance(0.15),
                avoid: from, minDistance: 0.6 * Math.Max(box.Width, box.Height));
            if (placement is null) return false;
            var (patch, mask) = PatchPlacement.Apply(original, region, box, placement, original.Size());
            using (patch)
            using (mask)
            {
                var blend = Blending.Paste(random, context.Image, patch, mask);
                context.Params["shape"] = shape;
                context.Params["area_share"] = Math.Round(RegionShapes.Share(mask), 4);
                context.Params["from_x"] = (int)from.X;
                context.Params["from_y"] = (int)from.Y;
                context.Params["blend"] = blend;
                foreach (var (key, value) in PatchPlacement.Describe(placement)) context.Params[key] = value;
            }
        }
        return true;
    }
}
