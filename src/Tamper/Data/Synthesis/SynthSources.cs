using Tamper.Data.Synthesis.Documents;
using Tamper.Data.Synthesis.Sources;

namespace Tamper.Data.Synthesis;

/// <summary>Everything a run draws from: photos, object cutouts, page images and the document renderer.</summary>
public sealed class SynthSources(ImageLibrary photos, ImageLibrary cutouts, ImageLibrary pages, FontCatalog fonts)
{
    public ImageLibrary Photos { get; } = photos;

    public ImageLibrary Cutouts { get; } = cutouts;

    public ImageLibrary Pages { get; } = pages;

    public FontCatalog Fonts { get; } = fonts;

    public DocumentRenderer Renderer { get; } = new(fonts);
}
