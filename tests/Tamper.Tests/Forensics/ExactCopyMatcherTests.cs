using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Forensics.CopyMove;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class ExactCopyMatcherTests
{
    /// <summary>
    /// A screenshot-like image: a flat panel with anti-aliased shapes (rings, bars, discs), no two alike. (Not text:
    /// OpenCV draws characters at whole pixels from shared strokes, so its letters repeat parts of each other bit for bit.)
    /// </summary>
    private static Mat Screenshot()
    {
        var image = new Mat(480, 640, MatType.CV_8UC3, new Scalar(246, 240, 236));
        for (int shape = 0; shape < 8; shape++)
        {
            var color = new Scalar(30 + 25 * shape, 200 - 20 * shape, 90 + 15 * shape);
            Cv2.Circle(image, new Point(50 + 70 * shape, 60), 14 + 2 * shape, color, 3 + shape % 3, LineTypes.AntiAlias);
            Cv2.Line(image, new Point(40 + 70 * shape, 150), new Point(75 + 70 * shape, 130 + 9 * shape), color, 2 + shape % 4, LineTypes.AntiAlias);
            Cv2.Ellipse(image, new Point(60 + 70 * shape, 230), new Size(12 + 3 * shape, 20 - shape), 10 * shape, 0, 360, color, -1, LineTypes.AntiAlias);
        }
        return image;
    }

    /// <summary>The screenshot's second column of shapes (a ring, its bar and its disc) pasted with its top-left at <paramref name="to"/>.</summary>
    private static (Mat Image, Mat PastedMask) PasteColumn(Mat screenshot, Point to) =>
        Forgeries.CopyMove(screenshot, new Rect(100, 30, 50, 220), to);

    [Fact]
    public void A_patch_pasted_bit_for_bit_in_a_lossless_screenshot_is_found_with_its_shift()
    {
        using var screenshot = Screenshot();
        // a ring, its bar and its disc pasted into the empty bottom of the panel
        var (forged, pasted) = PasteColumn(screenshot, new Point(450, 250));
        using (forged)
        using (pasted)
        using (var gray = Maps.Gray(forged))
        {
            var matches = ExactCopyMatcher.Find(gray, out bool rendered);
            try
            {
                rendered.ShouldBeFalse();
                var copy = matches.ShouldHaveSingleItem();
                copy.Method.ShouldBe(ExactCopyMatcher.MethodName);
                (copy.ShiftX, copy.ShiftY).ShouldBe((350.0, 220.0));
                // both occurrences are marked; the pasted one is the target of the (top-left first) pair
                Forgeries.Iou(copy.TargetMask, pasted).ShouldBeGreaterThan(0.5);
            }
            finally
            {
                foreach (var match in matches)
                    match.Dispose();
            }
        }
    }

    [Fact]
    public void An_icon_repeated_down_a_list_is_a_pattern_not_a_copy()
    {
        using var list = new Mat(600, 400, MatType.CV_8UC3, Scalar.All(255));
        for (int row = 0; row < 5; row++)
        {
            var center = new Point(40, 50 + 110 * row);
            Cv2.Circle(list, center, 18, new Scalar(200, 120, 30), -1, LineTypes.AntiAlias);
            Cv2.PutText(list, "i", new Point(center.X - 5, center.Y + 9), HersheyFonts.HersheySimplex, 0.9, Scalar.All(255), 2, LineTypes.AntiAlias);
        }
        using var gray = Maps.Gray(list);

        ExactCopyMatcher.Find(gray).ShouldBeEmpty();
    }

    [Fact]
    public void Content_repeated_straight_down_at_the_same_left_edge_is_layout_not_a_copy()
    {
        using var screenshot = Screenshot();
        // the ring, bar and disc of one column repeated once below themselves, as a list row would be
        var (forged, pasted) = PasteColumn(screenshot, new Point(100, 250));
        using (forged)
        using (pasted)
        using (var gray = Maps.Gray(forged))
            ExactCopyMatcher.Find(gray).ShouldBeEmpty();
    }

    /// <summary>
    /// A page of text drawn at whole pixels (as OpenCV and simple renderers draw it): 18 words, each written twice in
    /// different columns and rows, so every word's two occurrences are bit-exact repeats at a shift of their own.
    /// </summary>
    private static Mat RenderedPage()
    {
        var page = new Mat(900, 1200, MatType.CV_8UC3, Scalar.All(255));
        var random = new Random(5);
        var slots = Enumerable.Range(0, 22 * 8).OrderBy(_ => random.Next()).ToList();
        for (int word = 0; word < 18; word++)
        {
            var text = new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + random.Next(26)))]);
            // two free slots in different columns (a word repeated straight down is layout, counted apart)
            int first = slots[0], second = slots.First(slot => slot % 8 != first % 8);
            slots.Remove(first);
            slots.Remove(second);
            foreach (var slot in new[] { first, second })
                Cv2.PutText(page, text, new Point(10 + 148 * (slot % 8), 32 + 40 * (slot / 8)), HersheyFonts.HersheySimplex, 0.9, Scalar.All(20), 2, LineTypes.AntiAlias);
        }
        return page;
    }

    [Fact]
    public void Text_repeated_bit_for_bit_at_many_offsets_is_rendering_not_copies()
    {
        using var page = RenderedPage();
        using var gray = Maps.Gray(page);

        ExactCopyMatcher.Find(gray, out bool rendered).ShouldBeEmpty();
        rendered.ShouldBeTrue();

        using var result = new CopyMoveAnalyzer().Analyze(Forgeries.Input(page));
        result.Findings.ShouldContain(finding => finding.Key == CopyMoveAnalyzer.RenderedFinding);
        result.Findings.ShouldNotContain(finding => finding.Key == CopyMoveAnalyzer.ExactFinding);
    }

    [Fact]
    public void An_untouched_screenshot_and_a_recompressed_copy_have_no_exact_copy()
    {
        using var screenshot = Screenshot();
        using (var gray = Maps.Gray(screenshot))
            ExactCopyMatcher.Find(gray).ShouldBeEmpty();

        // JPEG changes the pasted shapes and their source differently (they sit differently on the 8x8 grid)
        var (forged, pasted) = PasteColumn(screenshot, new Point(453, 251));
        using (pasted)
        using (forged)
        using (var jpeg = Forgeries.Jpeg(forged, 90))
        using (var gray = Maps.Gray(jpeg))
            ExactCopyMatcher.Find(gray).ShouldBeEmpty();
    }

    [Fact]
    public void The_analyzer_reports_exact_copies_alone_when_there_are_any()
    {
        using var screenshot = Screenshot();
        var (forged, pasted) = PasteColumn(screenshot, new Point(450, 250));
        using (forged)
        using (pasted)
        using (var result = new CopyMoveAnalyzer().Analyze(Forgeries.Input(forged)))
        {
            var region = result.Findings.ShouldHaveSingleItem();
            region.Text.ShouldContain("exact");
            region.Text.ShouldContain("shift (350, 220)");
            // the map is the two occurrences: no more than twice the pasted area, window borders aside
            Cv2.CountNonZero(result.Map!).ShouldBeLessThan(2 * Cv2.CountNonZero(pasted) + 600);
        }
    }

    [Fact]
    public void The_analyzer_does_not_look_for_exact_copies_in_a_jpeg()
    {
        // moved by whole 8-px blocks, the copy's inner blocks decode exactly like the source's: in a JPEG that is what
        // identical text on aligned lines looks like too, so only the approximate matchers run there
        using var screenshot = Screenshot();
        var (forged, pasted) = PasteColumn(screenshot, new Point(452, 254));
        using (forged)
        using (pasted)
        using (var jpeg = Forgeries.Jpeg(forged, 95))
        using (var gray = Maps.Gray(jpeg))
        {
            var exact = ExactCopyMatcher.Find(gray);
            exact.ShouldNotBeEmpty("the decoded JPEG still holds exact copies");
            foreach (var match in exact)
                match.Dispose();
            using var result = new CopyMoveAnalyzer().Analyze(Forgeries.Input(forged, jpegQuality: 95));
            result.Findings.ShouldNotContain(finding => finding.Text.Contains("exact"));
        }
    }
}
