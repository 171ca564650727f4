using OpenCvSharp;
using SkiaSharp;
using Tamper.Data.Synthesis;
using Tamper.Data.Synthesis.Documents;
using Tamper.Data.Synthesis.Manipulations;

namespace Tamper.Tests.Synthesis;

public sealed class TextEditTests(SynthFixture fixture) : IClassFixture<SynthFixture>
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_replaced_word_is_drawn_in_the_same_font_size_and_color_and_nothing_else_changes(bool chinese)
    {
        fixture.RequireFonts();
        var font = chinese ? fixture.Fonts.Chinese[0] : fixture.Fonts.Latin.First(face => face.Family == "DejaVuSans");
        var paper = new SKColor(250, 248, 240);
        var ink = new SKColor(20, 30, 90);
        const float size = 28, x = 40, baseline = 80;
        var word = chinese ? "证书编号" : "Invoice";

        using var page = Render(paper, (word, font, size, ink, x, baseline), out var item);
        using var document = new DocumentPage("page", page.Clone(), [item], paper, chinese);
        var context = new ForgeryContext(page, document, new SynthRandom(1, 1), fixture.Sources);

        new TextReplace().Apply(context).ShouldBeTrue();

        var replacement = (string)context.Params["to"];
        replacement.ShouldNotBe(word);
        context.Params["font"].ShouldBe(font.ToString());
        context.Params["size"].ShouldBe(28.0);
        // the edited page equals a clean page with only the new word, drawn the same way
        using var expected = Render(paper, (replacement, font, size, ink, x, baseline), out _);
        using var difference = new Mat();
        Cv2.Absdiff(page, expected, difference);
        Cv2.MinMaxLoc(difference.Reshape(1), out double _, out double largest);
        largest.ShouldBeLessThanOrEqualTo(1, "the old glyphs are gone and the new ones match the reference rendering");
        // and the change stays within the two words' boxes
        using var changed = ForgeryGenerator.ChangedPixels(document.Image, page);
        var newBox = SkiaBridge.Measure(replacement, font, size);
        var allowed = item.Box | new Rect((int)x - 1, item.Box.Y, (int)Math.Ceiling(newBox) + 3, item.Box.Height);
        using var outside = changed.Clone();
        outside[TextEditingBox(allowed, page)].SetTo(Scalar.All(0));
        Cv2.CountNonZero(outside).ShouldBe(0);
    }

    private static Rect TextEditingBox(Rect box, Mat image) => TextEditing.Grow(box, 3, image);

    private static Mat Render(SKColor paper, (string Text, Tamper.Data.Synthesis.Sources.FontFace Font, float Size, SKColor Ink, float X, float Baseline) word, out TextItem item)
    {
        using var bitmap = SkiaBridge.NewBitmap(360, 120);
        Rect box;
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(paper);
            box = SkiaBridge.DrawText(canvas, word.Text, word.Font, word.Size, word.Ink, word.X, word.Baseline);
        }
        item = new TextItem(word.Text, word.Font, word.Size, word.Ink, word.X, word.Baseline, box);
        return SkiaBridge.ToMat(bitmap);
    }
}
