using OpenCvSharp;
using SkiaSharp;
using Tamper.Data.Synthesis.Documents;

namespace Tamper.Data.Synthesis.Manipulations;

/// <summary>Shared steps of the text edits: finding usable words, erasing glyphs, drawing in a word's font.</summary>
public static class TextEditing
{
    /// <summary>Words whose box lies inside the image, optionally filtered.</summary>
    public static List<TextItem> Usable(ForgeryContext context, Func<TextItem, bool>? filter = null) =>
        context.Page?.Items.Where(item => Inside(item.Box, context.Image) && item.Box.Width >= 4 && (filter?.Invoke(item) ?? true)).ToList() ?? [];

    public static bool Inside(Rect box, Mat image) => box.X >= 0 && box.Y >= 0 && box.Right <= image.Cols && box.Bottom <= image.Rows;

    /// <summary>
    /// Removes the glyphs in <paramref name="box"/>: pixels unlike the color around the box are refilled,
    /// with that color when the surroundings are plain paper, else by inpainting (gradients, textures).
    /// </summary>
    public static void Erase(Mat image, Rect box)
    {
        var padded = Grow(box, 3, image);
        using var crop = image[padded].Clone();
        using var border = new Mat(crop.Size(), MatType.CV_8UC1, Scalar.All(255));
        border[new Rect(1, 1, crop.Cols - 2, crop.Rows - 2)].SetTo(Scalar.All(0));
        Cv2.MeanStdDev(crop, out var background, out var spread, border);
        using var difference = new Mat();
        Cv2.Absdiff(crop, background, difference);
        using var gray = new Mat();
        Cv2.CvtColor(difference, gray, ColorConversionCodes.BGR2GRAY);
        using var glyphs = new Mat();
        Cv2.Threshold(gray, glyphs, 10, 255, ThresholdTypes.Binary); // faint anti-aliased edges too
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)))
            Cv2.Dilate(glyphs, glyphs, kernel);
        if (spread.Val0 < 2 && spread.Val1 < 2 && spread.Val2 < 2)
        {
            var paper = new Scalar(Math.Round(background.Val0), Math.Round(background.Val1), Math.Round(background.Val2));
            crop.SetTo(paper, glyphs);
            crop.CopyTo(image[padded]);
            return;
        }
        using var filled = new Mat();
        Cv2.Inpaint(crop, glyphs, filled, 3, InpaintTypes.Telea);
        filled.CopyTo(image[padded]);
    }

    public static void Draw(Mat image, string text, TextItem style, float x, float baseline) =>
        SkiaBridge.Draw(image, canvas => SkiaBridge.DrawText(canvas, text, style.Font, style.Size, style.Color, x, baseline));

    /// <summary>True when <paramref name="box"/> holds (almost) nothing but paper.</summary>
    public static bool IsBlank(Mat image, Rect box)
    {
        if (!Inside(box, image) || box.Width < 2 || box.Height < 2) return false;
        Cv2.MeanStdDev(image[box], out _, out var deviation);
        return deviation.Val0 < 6 && deviation.Val1 < 6 && deviation.Val2 < 6;
    }

    /// <summary>Another token like <paramref name="text"/>: digits changed in place for numbers and dates, else another word.</summary>
    public static string Replacement(SynthRandom random, string text, bool chinese)
    {
        if (text.Any(char.IsDigit) && random.Chance(0.8))
        {
            var chars = text.ToCharArray();
            var digits = Enumerable.Range(0, chars.Length).Where(i => char.IsDigit(chars[i])).ToList();
            foreach (var i in Enumerable.Range(0, random.Int(1, Math.Min(3, digits.Count))).Select(_ => random.Pick(digits)))
                chars[i] = (char)('0' + (chars[i] - '0' + random.Int(1, 9)) % 10);
            return new string(chars);
        }
        for (int attempt = 0; attempt < 10; attempt++)
        {
            var candidate = Sources.TextCorpus.Token(random, chinese);
            if (candidate != text && (!chinese || candidate.Length <= text.Length + 1)) return candidate;
        }
        return text + (chinese ? "章" : "s");
    }

    public static Rect Grow(Rect box, int by, Mat image)
    {
        int x = Math.Max(0, box.X - by), y = Math.Max(0, box.Y - by);
        return new Rect(x, y, Math.Min(image.Cols, box.Right + by) - x, Math.Min(image.Rows, box.Bottom + by) - y);
    }

    public static string Color(SKColor color) => $"#{color.Red:X2}{color.Green:X2}{color.Blue:X2}";
}
