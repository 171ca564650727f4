namespace Tamper.Data.Synthesis;

/// <param name="Seed">Run seed: the same seed (and sources) gives the same files.</param>
/// <param name="MinSize">Shortest long side of a sample, px.</param>
/// <param name="MaxSize">Longest long side of a sample, px.</param>
/// <param name="AuthenticShare">Share of samples left untouched (empty mask).</param>
/// <param name="DocumentShare">Share of samples whose host is a document (rendered, or a page image), when documents are on.</param>
/// <param name="Documents">Render documents (needs fonts) and use page images, besides photos.</param>
public sealed record SynthOptions(int Seed = 1, int MinSize = 512, int MaxSize = 1024, double AuthenticShare = 0.1, double DocumentShare = 0.5, bool Documents = false)
{
    public string IdPrefix { get; init; } = "synth_";

    public string IdOf(int index) => $"{IdPrefix}{index:D6}";
}
