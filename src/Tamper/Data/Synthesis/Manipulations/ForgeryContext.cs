using OpenCvSharp;
using Tamper.Data.Synthesis.Documents;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>
/// What a manipulation works on: the image being edited (BGR, a copy of the host), the document's words
/// when the host is a generated document, the random source, and where it records what it did.
/// </summary>
public sealed class ForgeryContext(Mat image, DocumentPage? page, SynthRandom random, SynthSources sources)
{
    public Mat Image { get; } = image;

    public DocumentPage? Page { get; } = page;

    public SynthRandom Random { get; } = random;

    public SynthSources Sources { get; } = sources;

    /// <summary>Parameters of the edit, for the manifest (kept JSON-friendly: numbers, strings, bools).</summary>
    public Dictionary<string, object> Params { get; } = [];

    /// <summary>Files the edit took pixels from.</summary>
    public List<string> SourcesUsed { get; } = [];

    public int Width => Image.Cols;

    public int Height => Image.Rows;
}
