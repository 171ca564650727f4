namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Text replacement: a word erased and another written in its place in the same font, size and color.</summary>
public sealed class TextReplace : IManipulation
{
    public string Name => "text-replace";

    public bool NeedsDocument => true;

    public bool Apply(ForgeryContext context)
    {
        var words = TextEditing.Usable(context);
        if (words.Count == 0) return false;
        var word = context.Random.Pick(words);
        var replacement = TextEditing.Replacement(context.Random, word.Text, word.Chinese);
        TextEditing.Erase(context.Image, word.Box);
        TextEditing.Draw(context.Image, replacement, word, word.X, word.Baseline);
        context.Params["from"] = word.Text;
        context.Params["to"] = replacement;
        context.Params["font"] = word.Font.ToString();
        context.Params["size"] = Math.Round(word.Size, 1);
        context.Params["color"] = TextEditing.Color(word.Color);
        context.Params["x"] = (int)word.X;
        context.Params["baseline"] = (int)word.Baseline;
        return true;
    }
}
