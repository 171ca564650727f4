using OpenCvSharp;
using Tamper.Data.Synthesis.Documents;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Text insertion: a new word written on blank paper next to a line, in that line's font, size and color.</summary>
public sealed class TextInsert : IManipulation
{
    public string Name => "text-insert";

    public bool NeedsDocument => true;

    public bool Apply(ForgeryContext context)
    {
        var words = TextEditing.Usable(context);
        for (int attempt = 0; attempt < 12 && words.Count > 0; attempt++)
        {
            var anchor = context.Random.Pick(words);
            var text = Sources.TextCorpus.Token(context.Random, anchor.Chinese);
            float gap = anchor.Chinese ? anchor.Size * 0.2f : SkiaBridge.Measure(" ", anchor.Font, anchor.Size);
            float x = anchor.Box.Right + gap;
            float width = SkiaBridge.Measure(text, anchor.Font, anchor.Size);
            var target = new Rect((int)x - 1, anchor.Box.Y, (int)Math.Ceiling(width) + 3, anchor.Box.Height);
            if (!TextEditing.IsBlank(context.Image, target)) continue;
            TextEditing.Draw(context.Image, text, anchor, x, anchor.Baseline);
            context.Params["text"] = text;
            context.Params["after"] = anchor.Text;
            context.Params["font"] = anchor.Font.ToString();
            context.Params["size"] = Math.Round(anchor.Size, 1);
            context.Params["x"] = (int)x;
            context.Params["baseline"] = (int)anchor.Baseline;
            return true;
        }
        return false;
    }
}
