using OpenCvSharp;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Character copying: a glyph-wide slice of one word pasted over part of another word of the same font and size.</summary>
public sealed class TextCopy : IManipulation
{
    public string Name => "text-copy";

    public bool NeedsDocument => true;

    public bool Apply(ForgeryContext context)
    {
        var random = context.Random;
        var words = TextEditing.Usable(context);
        for (int attempt = 0; attempt < 12 && words.Count > 1; attempt++)
        {
            var source = random.Pick(words);
            var targets = words.Where(word => word != source && word.Font == source.Font && Math.Abs(word.Size - source.Size) < 0.5f && word.Box.Height == source.Box.Height).ToList();
            if (targets.Count == 0) continue;
            var target = random.Pick(targets);
            int glyph = (int)Math.Ceiling(source.Size * (source.Chinese ? 1.0 : 0.6));
            int width = Math.Min(glyph * random.Int(1, 2), Math.Min(source.Box.Width, target.Box.Width));
            if (width < 3) continue;
            int fromX = source.Box.X + random.Int(0, source.Box.Width - width);
            int toX = target.Box.X + random.Int(0, target.Box.Width - width);
            var from = new Rect(fromX, source.Box.Y, width, source.Box.Height);
            var to = new Rect(toX, target.Box.Y, width, target.Box.Height);
            using var patch = context.Image[from].Clone();
            patch.CopyTo(context.Image[to]);
            context.Params["from_word"] = source.Text;
            context.Params["to_word"] = target.Text;
            context.Params["from_x"] = from.X;
            context.Params["from_y"] = from.Y;
            context.Params["to_x"] = to.X;
            context.Params["to_y"] = to.Y;
            context.Params["width"] = width;
            return true;
        }
        return false;
    }
}
