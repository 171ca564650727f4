using OpenCvSharp;
using SkiaSharp;

namespace Tamper.Data.Synthesis.Documents;

/// <summary>Moves pixels between SkiaSharp bitmaps (BGRA) and OpenCV Mats (BGR) without per-pixel loops (docs/stack-notes.md, note 6).</summary>
public static class SkiaBridge
{
    public static SKBitmap NewBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));

    public static Mat ToMat(SKBitmap bitmap)
    {
        using var view = Mat.FromPixelData(bitmap.Height, bitmap.Width, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes);
        var bgr = new Mat();
        Cv2.CvtColor(view, bgr, ColorConversionCodes.BGRA2BGR);
        return bgr;
    }

    /// <summary>Draws on a BGR Mat in place.</summary>
    public static void Draw(Mat bgr, Action<SKCanvas> draw)
    {
        using var bitmap = NewBitmap(bgr.Cols, bgr.Rows);
        using (var view = Mat.FromPixelData(bitmap.Height, bitmap.Width, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes))
            Cv2.CvtColor(bgr, view, ColorConversionCodes.BGR2BGRA);
        using (var canvas = new SKCanvas(bitmap))
            draw(canvas);
        using var result = ToMat(bitmap);
        result.CopyTo(bgr);
    }

    /// <summary>Draws one token and returns its placement (box from the font's ascent and descent).</summary>
    public static Rect DrawText(SKCanvas canvas, string text, Sources.FontFace font, float size, SKColor color, float x, float baseline)
    {
        using var skFont = new SKFont(font.Typeface, size) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, baseline, SKTextAlign.Left, skFont, paint);
        return Box(text, skFont, x, baseline);
    }

    public static float Measure(string text, Sources.FontFace font, float size)
    {
        using var skFont = new SKFont(font.Typeface, size);
        return skFont.MeasureText(text);
    }

    private static Rect Box(string text, SKFont font, float x, float baseline)
    {
        font.GetFontMetrics(out var metrics);
        var width = font.MeasureText(text);
        int left = (int)Math.Floor(x) - 1, top = (int)Math.Floor(baseline + metrics.Ascent) - 1;
        int right = (int)Math.Ceiling(x + width) + 1, bottom = (int)Math.Ceiling(baseline + metrics.Descent) + 1;
        return new Rect(left, top, right - left, bottom - top);
    }
}
