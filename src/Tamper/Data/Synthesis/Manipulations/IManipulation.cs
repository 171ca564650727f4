namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>One kind of edit. The mask is not the manipulation's business: it is computed afterwards as the pixels that changed.</summary>
public interface IManipulation
{
    /// <summary>The manifest's <c>operation</c> value.</summary>
    string Name { get; }

    /// <summary>Text edits need a generated document's words; the others work on any host.</summary>
    bool NeedsDocument { get; }

    /// <summary>Edits <see cref="ForgeryContext.Image"/> in place; false when it cannot apply here (nothing changed).</summary>
    bool Apply(ForgeryContext context);
}
