using OpenCvSharp;
using Tamper.Data.Synthesis.Documents;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>
/// Text splicing: a piece of a text line cut from another document of the same kind and pasted over a word here.
/// Half the pieces went through JPEG first (cut from a screenshot that was saved or sent as JPEG), so a lossless
/// page carries a patch with block artifacts, as in real screenshot forgeries.
/// </summary>
public sealed class TextSplice : IManipulation
{
    public string Name => "text-splice";

    public bool NeedsDocument => true;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        var page = context.Page!;
        var targets = TextEditing.Usable(context);
        if (targets.Count == 0) return false;
        var target = random.Pick(targets);
        var donorSeed = random.NextSeed();
        using var donor = context.Sources.Renderer.Render(page.Kind, context.Width, context.Height, new SynthRandom(donorSeed, 0));
        // a run of up to three words on one baseline of the other document
        var lines = donor.Items.Where(item => TextEditing.Inside(item.Box, donor.Image)).GroupBy(item => (int)item.Baseline).Where(group => group.Any()).ToList();
        if (lines.Count == 0) return false;
        var line = random.Pick(lines).ToList();
        int start = random.Int(0, line.Count - 1);
        var run = line.Skip(start).Take(random.Int(1, 3)).ToList();
        var box = run.Select(item => item.Box).Aggregate((a, b) => a | b);
        // place it where the target word sits, aligned on the target's baseline
        int x = target.Box.X, y = (int)Math.Round(target.Baseline - (run[0].Baseline - box.Y));
        var destination = new Rect(x, y, box.Width, box.Height);
        if (!TextEditing.Inside(destination, context.Image)) return false;
        TextEditing.Erase(context.Image, target.Box);
        using var patch = donor.Image[box].Clone();
        if (random.Chance(0.5))
        {
            int quality = random.Int(55, 92);
            using var compressed = Forensics.Maps.Recompress(patch, quality);
            compressed.CopyTo(patch);
            context.Params["donor_jpeg_quality"] = quality;
        }
        if (random.Chance(0.5))
            patch.CopyTo(context.Image[destination]);
        else
        {
            using var mask = new Mat(box.Size, MatType.CV_8UC1, Scalar.All(255));
            using var region = context.Image[destination].Clone();
            Blending.Feathered(region, patch, mask, random.Uniform(0.5, 1.5));
            region.CopyTo(context.Image[destination]);
        }
        context.Params["text"] = string.Join(page.Chinese ? "" : " ", run.Select(item => item.Text));
        context.Params["replaced"] = target.Text;
        context.Params["donor_seed"] = donorSeed;
        context.Params["donor_font"] = run[0].Font.ToString();
        context.Params["x"] = destination.X;
        context.Params["y"] = destination.Y;
        return true;
    }
}
