using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class CopyMoveAnalyserTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(6.0)]
    public void A_copied_patch_is_found_with_iou_above_one_half(double rotation)
    {
        using var texture = Masks.ColourImage(512, 384, seed: 11);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(70, 80, 90, 90), new Point(330, 210), rotation);
        using (forged)
        using (pasted)
        using (var grey = Maps.Grey(forged))
        {
            var matches = CopyMoveAnalyser.FindCopies(grey);
            try
            {
                matches.ShouldNotBeEmpty();
                var best = matches.Max(match => Math.Max(Forgeries.Iou(match.TargetMask, pasted), Forgeries.Iou(match.SourceMask, pasted)));
                best.ShouldBeGreaterThan(0.5);
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
        using var texture = Masks.ColourImage(400, 300, seed: 5);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(40, 40, 70, 70), new Point(250, 180));
        using (forged)
        using (pasted)
        using (var result = new CopyMoveAnalyser().Analyse(Forgeries.Input(forged)))
        {
            var (inside, _) = Forgeries.MeanInsideOutside(result.Map!, pasted);
            inside.ShouldBeGreaterThan(0.5);
            result.Findings.ShouldContain(finding => finding.Key == "copymove.region" && finding.Text.Contains("shift (210, 140)"));
        }
    }

    [Fact]
    public void An_untouched_texture_has_no_copied_region()
    {
        using var texture = Masks.ColourImage(400, 300, seed: 9);
        using var result = new CopyMoveAnalyser().Analyse(Forgeries.Input(texture));

        Cv2.CountNonZero(result.Map!).ShouldBe(0);
        result.Findings.Single().Key.ShouldBe("copymove.none");
    }
}
