namespace Tamper.Data.Synthesis;

/// <param name="Seed">Run seed: the same seed (and sources) gives the same files.</param>
/// <param name="MinSize">Shortest long side of a sample, px.</param>
/// <param name="MaxSize">Longest long side of a sample, px.</param>
/// <param name="AuthenticShare">Share of samples left untouched (empty mask).</param>
/// <param name="DocumentShare">Share of samples whose host is a document (rendered, or a page image), when documents are on.</param>
/// <param name="Documents">Render documents (needs fonts) and use page images, besides photos.</param>
/// <param name="NativeShare">Share of photo hosts cut from the photo at its own resolution (no resampling), so the
/// camera's noise and compression survive in tampered and authentic samples alike and are not a cue for an edit;
/// the rest are zoomed crops resized to the sample size.</param>
public sealed record SynthOptions(int Seed = 1, int MinSize = 512, int MaxSize = 1024, double AuthenticShare = 0.1, double DocumentShare = 0.5, bool Documents = false,
    double NativeShare = 0.25)
{
    public string IdPrefix { get; init; } = "synth_";

    public string IdOf(int index) => $"{IdPrefix}{index:D6}";
}
