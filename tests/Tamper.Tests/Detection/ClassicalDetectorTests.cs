using OpenCvSharp;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Masking;
using Tamper.Tests.Support;

namespace Tamper.Tests.Detection;

public sealed class ClassicalDetectorTests
{
    [Fact]
    public void An_untouched_photo_like_image_gets_no_large_detection()
    {
        using var image = Masks.ColorImage(480, 360, seed: 21);
        var input = Forgeries.Input(image, jpegQuality: 90);
        using (input.Image)
        using (var result = ClassicalDetector.Default().Detect(input))
        {
            result.TamperedShare.ShouldBeLessThan(0.02);
            result.Mask.Size().ShouldBe(image.Size());
            result.Heatmap.Type().ShouldBe(MatType.CV_32FC1);
        }
    }

    [Fact]
    public void A_copy_move_forgery_is_marked_where_the_copy_is()
    {
        using var texture = Masks.ColorImage(480, 360, seed: 22);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(50, 60, 90, 90), new Point(320, 220));
        using (forged)
        using (pasted)
        {
            var input = Forgeries.Input(forged, jpegQuality: 92);
            using (input.Image)
            using (var result = ClassicalDetector.Default().Detect(input))
            {
                using var hit = new Mat();
                Cv2.BitwiseAnd(result.Mask, pasted, hit);
                (Cv2.CountNonZero(hit) / (double)Cv2.CountNonZero(pasted)).ShouldBeGreaterThan(0.7);
                result.Findings.ShouldContain(finding => finding.Key == "copymove.region");
            }
        }
    }

    [Fact]
    public void Exact_copies_in_a_lossless_file_are_the_whole_heat_map()
    {
        using var texture = Masks.ColorImage(480, 360, seed: 23);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(50, 60, 90, 90), new Point(320, 220));
        using (forged)
        using (pasted)
        {
            var input = Forgeries.Input(forged);
            using (input.Image)
            using (var result = ClassicalDetector.Default().Detect(input))
            {
                result.Findings.ShouldContain(finding => finding.Key == CopyMoveAnalyzer.ExactFinding);
                // away from both occurrences (and their blurred borders) the weak evidence no longer counts
                Cv2.MinMaxLoc(result.Heatmap[new Rect(200, 0, 280, 180)], out _, out double away);
                away.ShouldBe(0, 1e-6);
                using var hit = new Mat();
                Cv2.BitwiseAnd(result.Mask, pasted, hit);
                (Cv2.CountNonZero(hit) / (double)Cv2.CountNonZero(pasted)).ShouldBeGreaterThan(0.7);
            }
        }
    }

    [Fact]
    public void Small_regions_are_removed_from_the_mask()
    {
        using var heat = new Mat(200, 200, MatType.CV_32FC1, Scalar.All(0));
        heat[new Rect(10, 10, 5, 5)].SetTo(Scalar.All(1));     // 25 px: below the 64 px minimum
        heat[new Rect(100, 100, 20, 20)].SetTo(Scalar.All(1)); // 400 px: kept

        using var mask = new MaskPostProcessor().ToMask(heat);

        Cv2.CountNonZero(mask).ShouldBe(400);
    }

    [Fact]
    public void An_unknown_method_or_analyzer_lists_the_known_ones()
    {
        Should.Throw<UnknownNameException>(() => DetectorRegistry.Create("magic")).Message.ShouldContain("classical");
        Should.Throw<UnknownNameException>(() => AnalyzerRegistry.Parse("ela,magic")).Message.ShouldContain("ela, noise, jpeg, ghost, copymove, metadata");
    }
}
