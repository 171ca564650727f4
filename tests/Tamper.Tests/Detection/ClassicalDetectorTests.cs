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

    /// <summary>
    /// A 90 x 90 block of a photo-like texture copied elsewhere, saved as JPEG at this quality (null: PNG) and run
    /// through the classical detector; <paramref name="check"/> gets the result and the share of the copy it marked.
    /// </summary>
    private static void DetectCopyMove(int seed, int? jpegQuality, Action<DetectionResult, double> check)
    {
        using var texture = Masks.ColorImage(480, 360, seed);
        var (forged, pasted) = Forgeries.CopyMove(texture, new Rect(50, 60, 90, 90), new Point(320, 220));
        using (forged)
        using (pasted)
        {
            var input = Forgeries.Input(forged, jpegQuality);
            using (input.Image)
            using (var result = ClassicalDetector.Default().Detect(input))
            using (var hit = new Mat())
            {
                Cv2.BitwiseAnd(result.Mask, pasted, hit);
                check(result, Cv2.CountNonZero(hit) / (double)Cv2.CountNonZero(pasted));
            }
        }
    }

    [Fact]
    public void A_copy_move_forgery_is_marked_where_the_copy_is() =>
        DetectCopyMove(seed: 22, jpegQuality: 92, (result, markedShare) =>
        {
            markedShare.ShouldBeGreaterThan(0.7);
            result.Findings.ShouldContain(finding => finding.Key == CopyMoveAnalyzer.RegionFinding);
        });

    [Fact]
    public void Exact_copies_in_a_lossless_file_are_the_whole_heat_map() =>
        DetectCopyMove(seed: 23, jpegQuality: null, (result, markedShare) =>
        {
            result.Findings.ShouldContain(finding => finding.Key == CopyMoveAnalyzer.ExactFinding);
            markedShare.ShouldBeGreaterThan(0.7);
            // away from both occurrences (and their blurred borders) the weak evidence no longer counts
            Cv2.MinMaxLoc(result.Heatmap[new Rect(200, 0, 280, 180)], out _, out double away);
            away.ShouldBe(0, 1e-6);
        });

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
