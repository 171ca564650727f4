using SkiaSharp;

namespace Tamper.Data.Synthesis.Sources;

/// <summary>A font file (and face index, for .ttc collections) and whether it carries Chinese.</summary>
public sealed record FontFace(string Path, int Index, string Family, bool Chinese, bool Bold)
{
    private SKTypeface? _typeface;

    /// <summary>Loaded once per face; SkiaSharp typefaces are safe to share between threads.</summary>
    public SKTypeface Typeface => _typeface ??= SKTypeface.FromFile(Path, Index) ?? SKTypeface.Default;

    public override string ToString() => $"{Family}{(Bold ? " Bold" : "")} ({System.IO.Path.GetFileName(Path)}#{Index})";
}
