using OpenCvSharp;
using SkiaSharp;
using Tamper.Data.Synthesis.Sources;

namespace Tamper.Data.Synthesis.Documents;

/// <summary>One word (or token) drawn on a generated document, with everything needed to draw another in its place.</summary>
public sealed record TextItem(string Text, FontFace Font, float Size, SKColor Color, float X, float Baseline, Rect Box)
{
    public bool Chinese => Font.Chinese;
}
