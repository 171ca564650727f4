using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Splicing: a polygon, ellipse or content-following segment from another photo, rescaled, rotated, color-matched, blended.</summary>
public sealed class SpliceRegion : IManipulation
{
    public string Name => "splice";

    public bool NeedsDocument => false;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        if (context.Sources.Photos.Count == 0) return false;
        var path = random.Pick(context.Sources.Photos.Paths);
        var source = context.Sources.Photos.Get(path);
        if (source is null) return false;
        double share = random.Uniform(0.02, 0.3);
        var (region, shape) = RegionShapes.Random(random, source, Math.Min(0.4, share * context.Width * context.Height / (source.Cols * (double)source.Rows)));
        using (region)
        {
            var box = Cv2.BoundingRect(region);
            if (box.Width < 8 || box.Height < 8) return false;
            double scale = Math.Sqrt(share * context.Width * context.Height / Math.Max(1, Cv2.CountNonZero(region))) * random.Uniform(0.85, 1.15);
            double rotation = random.Chance(0.5) ? 0 : random.Uniform(-20, 20);
            var placement = PatchPlacement.Choose(random, box, context.Image.Size(), scale, rotation, random.Chance(0.2));
            if (placement is null) return false;
            var (patch, mask) = PatchPlacement.Apply(source, region, box, placement, context.Image.Size());
            using (patch)
            using (mask)
            {
                bool matched = random.Chance(0.6);
                if (matched)
                    Blending.MatchColors(patch, mask, context.Image, mask, random.Uniform(0.5, 1.0));
                var blend = Blending.Paste(random, context.Image, patch, mask);
                context.SourcesUsed.Add(path);
                context.Params["shape"] = shape;
                context.Params["area_share"] = Math.Round(RegionShapes.Share(mask), 4);
                context.Params["color_matched"] = matched;
                context.Params["blend"] = blend;
                foreach (var (key, value) in PatchPlacement.Describe(placement)) context.Params[key] = value;
            }
        }
        return true;
    }
}
