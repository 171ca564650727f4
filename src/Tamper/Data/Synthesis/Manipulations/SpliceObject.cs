using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Splicing a whole object: an alpha-matted cutout, its hard edge feathered, scaled, brightness-matched.</summary>
public sealed class SpliceObject : IManipulation
{
    public string Name => "splice-object";

    public bool NeedsDocument => false;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        if (context.Sources.Cutouts.Count == 0) return false;
        var path = random.Pick(context.Sources.Cutouts.Paths);
        var cutout = context.Sources.Cutouts.Get(path);
        if (cutout is null) return false;
        var channels = cutout.Split();
        using var color = new Mat();
        Cv2.Merge(channels[..3], color);
        using var alpha = channels[3];
        foreach (var channel in channels[..3]) channel.Dispose();
        using var solid = new Mat();
        Cv2.Threshold(alpha, solid, 127, 255, ThresholdTypes.Binary);
        var box = Cv2.BoundingRect(solid);
        int objectPixels = Cv2.CountNonZero(solid);
        if (box.Width < 8 || box.Height < 8 || objectPixels < 64) return false;

        double share = random.Uniform(0.03, 0.25);
        double scale = Math.Sqrt(share * context.Width * context.Height / objectPixels);
        double rotation = random.Chance(0.6) ? 0 : random.Uniform(-15, 15);
        var placement = PatchPlacement.Choose(random, box, context.Image.Size(), scale, rotation, random.Chance(0.5));
        if (placement is null) return false;
        var (patch, placedAlpha) = PatchPlacement.Apply(color, alpha, box, placement, context.Image.Size());
        using (patch)
        using (placedAlpha)
        {
            // cutouts have hand-cut hard edges: soften them so the edge itself is not the giveaway
            double feather = random.Uniform(0.8, 2.5);
            using var weight = new Mat();
            placedAlpha.ConvertTo(weight, MatType.CV_32F, 1.0 / 255);
            Cv2.GaussianBlur(weight, weight, new Size(0, 0), feather);
            using (var inside = new Mat())
            {
                Cv2.Threshold(placedAlpha, inside, 0, 1, ThresholdTypes.Binary);
                inside.ConvertTo(inside, MatType.CV_32F);
                Cv2.Multiply(weight, inside, weight);
            }
            using var mask = new Mat();
            Cv2.Threshold(placedAlpha, mask, 127, 255, ThresholdTypes.Binary);
            if (Cv2.CountNonZero(mask) == 0) return false;
            bool matched = random.Chance(0.7);
            if (matched)
                Blending.MatchColors(patch, mask, context.Image, mask, random.Uniform(0.3, 0.7));
            Blending.AlphaBlend(context.Image, patch, weight);
            context.SourcesUsed.Add(path);
            context.Params["area_share"] = Math.Round(RegionShapes.Share(mask), 4);
            context.Params["feather"] = Math.Round(feather, 2);
            context.Params["color_matched"] = matched;
            foreach (var (key, value) in PatchPlacement.Describe(placement)) context.Params[key] = value;
        }
        return true;
    }
}
