using OpenCvSharp;
using SkiaSharp;

namespace Tamper.Data.Synthesis.Documents;

/// <summary>A generated document: its pixels (BGR), the words on it, its kind and paper color.</summary>
public sealed class DocumentPage(string kind, Mat image, IReadOnlyList<TextItem> items, SKColor paper, bool chinese) : IDisposable
{
    public string Kind { get; } = kind;

    public Mat Image { get; } = image;

    public IReadOnlyList<TextItem> Items { get; } = items;

    public SKColor Paper { get; } = paper;

    public bool Chinese { get; } = chinese;

    public void Dispose() => Image.Dispose();
}
