using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class CopyMoveAnalyzerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(6.0)]
    public void A_copied_patch_is_found_with_iou_above_one_half(double rotation)
    {
        using var texture = Masks.ColorImage(512, 384, seed: 11);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(70, 80, 90, 90), new Point(330, 210), rotation);
        using (forged)
        using (pasted)
        using (var gray = Maps.Gray(forged))
        {
            var matches = CopyMoveAnalyzer.FindCopies(gray, lossless: true);
            try
            {
                matches.ShouldNotBeEmpty();
                // which side is the original cannot be told: the pasted region must be one of the two
                matches.Max(match => Math.Max(Forgeries.Iou(match.TargetMask, pasted), Forgeries.Iou(match.SourceMask, pasted))).ShouldBeGreaterThan(0.5);
                matches[0].RotationDegrees.ShouldBe(rotation, 1.5, "the transform is reported");
            }
            finally
            {
                foreach (var match in matches) match.Dispose();
            }
        }
    }

    [Fact]
    public void The_map_marks_both_copies_and_findings_give_the_shift()
    {
        using var texture = Masks.ColorImage(400, 300, seed: 5);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(40, 40, 70, 70), new Point(250, 180));
        using (forged)
        using (pasted)
        using (var result = new CopyMoveAnalyzer().Analyze(Forgeries.Input(forged)))
        {
            var (inside, _) = Forgeries.MeanInsideOutside(result.Map!, pasted);
            inside.ShouldBeGreaterThan(0.5);
            // a PNG: the copy is bit-exact
            result.Findings.ShouldContain(finding => finding.Key == CopyMoveAnalyzer.ExactFinding && finding.Text.Contains("shift (210, 140)"));
        }
    }

    [Fact]
    public void An_untouched_texture_has_no_copied_region()
    {
        using var texture = Masks.ColorImage(400, 300, seed: 9);
        using var result = new CopyMoveAnalyzer().Analyze(Forgeries.Input(texture));

        Cv2.CountNonZero(result.Map!).ShouldBe(0);
        result.Findings.Single().Key.ShouldBe("copymove.none");
    }

    [Fact]
    public void A_copy_in_a_low_texture_image_is_found_by_block_matching()
    {
        // smooth shading with faint texture: too few SIFT keypoints, enough for blocks
        using var smooth = Masks.ColorImage(480, 360, seed: 12);
        Cv2.GaussianBlur(smooth, smooth, new Size(0, 0), 4);
        Cv2.Normalize(smooth, smooth, 40, 200, NormTypes.MinMax);
        var (forged, pasted) = Forgeries.CopyMove(smooth, new Rect(60, 60, 100, 100), new Point(300, 200));
        using (forged)
        using (pasted)
        using (var gray = Maps.Gray(forged))
        {
            var matches = Tamper.Forensics.CopyMove.BlockMatcher.Find(gray, minShift: 20, knownShifts: []);
            try
            {
                matches.ShouldNotBeEmpty();
                matches[0].Transform[2].ShouldBe(240);
                matches[0].Transform[5].ShouldBe(140);
                matches.Max(match => Math.Max(Forgeries.Iou(match.TargetMask, pasted), Forgeries.Iou(match.SourceMask, pasted))).ShouldBeGreaterThan(0.5);
            }
            finally
            {
                foreach (var match in matches)
                    match.Dispose();
            }
        }
    }

    [Fact]
    public void A_smooth_gradient_is_not_taken_for_a_copy()
    {
        using var corners = Mat.FromPixelData(2, 2, MatType.CV_8UC3, new byte[] { 20, 60, 120, 200, 180, 90, 60, 140, 220, 120, 30, 90 });
        using var gradient = new Mat();
        Cv2.Resize(corners, gradient, new Size(640, 480), 0, 0, InterpolationFlags.Linear);
        using var gray = Maps.Gray(gradient);

        var matches = CopyMoveAnalyzer.FindCopies(gray, lossless: true);

        matches.ShouldBeEmpty();
    }
}
