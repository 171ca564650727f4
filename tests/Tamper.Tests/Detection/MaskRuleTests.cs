using OpenCvSharp;
using Tamper.Detection;
using Tamper.Masking;
using Tamper.Model.Checkpoints;

namespace Tamper.Tests.Detection;

public sealed class MaskRuleTests
{
    private static Mat Heat(int width, int height, params (Rect Box, float Value)[] patches)
    {
        var heat = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0.05));
        foreach (var (box, value) in patches)
            heat[box].SetTo(Scalar.All(value));
        return heat;
    }

    [Fact]
    public void The_analyst_point_empties_the_mask_of_an_image_scored_under_its_image_threshold()
    {
        using var heat = Heat(100, 80, (new Rect(10, 10, 30, 20), 0.9f));
        var rule = new MaskRule(new OperatingPoint(0.5, 0.7, NeverEmpty: false));
        using (var kept = rule.ToMask(heat, imageScore: 0.8))
            Cv2.CountNonZero(kept).ShouldBe(30 * 20);
        using var emptied = rule.ToMask(heat, imageScore: 0.69);
        Cv2.CountNonZero(emptied).ShouldBe(0);
    }

    [Fact]
    public void The_contest_point_marks_the_region_around_the_peak_when_nothing_passes()
    {
        // two weak patches, neither above 0.5: the one holding the maximum is marked, the other is not
        using var heat = Heat(100, 80, (new Rect(5, 5, 20, 10), 0.3f), (new Rect(60, 40, 25, 30), 0.4f));
        var rule = new MaskRule(new OperatingPoint(0.5, 0.9, NeverEmpty: true));
        using var mask = rule.ToMask(heat, imageScore: 0.1);
        Cv2.CountNonZero(mask).ShouldBe(25 * 30);
        mask.At<byte>(50, 70).ShouldBe((byte)255);
        mask.At<byte>(10, 10).ShouldBe((byte)0);
    }

    [Fact]
    public void The_contest_point_keeps_a_mask_that_passed_as_it_is()
    {
        using var heat = Heat(100, 80, (new Rect(10, 10, 30, 20), 0.9f), (new Rect(60, 40, 20, 20), 0.45f));
        using var mask = new MaskRule(new OperatingPoint(0.5, 0, NeverEmpty: true)).ToMask(heat, imageScore: 0.9);
        Cv2.CountNonZero(mask).ShouldBe(30 * 20);
    }

    [Fact]
    public void A_relative_level_keeps_only_the_region_near_the_maps_maximum()
    {
        // a hot patch (0.9) and a broad warm one (0.6), both above the pixel threshold
        using var heat = Heat(100, 80, (new Rect(10, 10, 30, 20), 0.9f), (new Rect(50, 30, 40, 40), 0.6f));
        using (var plain = new MaskRule(new OperatingPoint(0.5, 0, NeverEmpty: true)).ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(plain).ShouldBe(30 * 20 + 40 * 40);
        var relative = new MaskRule(new OperatingPoint(0.5, 0, NeverEmpty: true) { Relative = 0.8 });
        relative.ThresholdFor(heat).ShouldBe(0.72, tolerance: 1e-6);
        using (var peak = relative.ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(peak).ShouldBe(30 * 20);
        // a weak map: 0.8 of its maximum is under the pixel threshold, which then applies as before
        using var weak = Heat(100, 80, (new Rect(10, 10, 30, 20), 0.55f), (new Rect(50, 30, 40, 40), 0.52f));
        relative.ThresholdFor(weak).ShouldBe(0.5);
        using var both = relative.ToMask(weak, imageScore: 1);
        Cv2.CountNonZero(both).ShouldBe(30 * 20 + 40 * 40);
    }

    [Fact]
    public void A_largest_share_keeps_the_mask_within_that_share_of_the_image_from_its_hottest_pixels()
    {
        // a ramp: each column one level hotter, 0..0.99 over 100 columns; everything above 0.35 passes the plain threshold
        using var heat = new Mat(50, 100, MatType.CV_32FC1);
        for (int x = 0; x < 100; x++)
            heat[new Rect(x, 0, 1, 50)].SetTo(Scalar.All(x / 100.0));
        using (var plain = new MaskRule(new OperatingPoint(0.35, 0, NeverEmpty: true)).ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(plain).ShouldBe(64 * 50);
        var limited = new MaskRule(new OperatingPoint(0.35, 0, NeverEmpty: true) { MaxShare = 0.1 });
        using var mask = limited.ToMask(heat, imageScore: 1);
        // the ten hottest columns: 0.90..0.99
        Cv2.CountNonZero(mask).ShouldBe(10 * 50);
        mask.At<byte>(0, 90).ShouldBe((byte)255);
        mask.At<byte>(0, 89).ShouldBe((byte)0);
        // a map hot only in 2 %: the limit does not widen it, the plain threshold still decides
        using var small = Heat(100, 50, (new Rect(0, 0, 10, 10), 0.9f));
        using var smallMask = limited.ToMask(small, imageScore: 1);
        Cv2.CountNonZero(smallMask).ShouldBe(100);
    }

    [Fact]
    public void Growth_takes_in_the_warm_pixels_connected_to_the_mask_and_leaves_a_warm_area_apart_out()
    {
        // a hot core (0.95) inside a warm body (0.8, touching it), and a warm blob (0.82) apart; threshold 0.9
        using var heat = Heat(120, 80, (new Rect(10, 10, 50, 40), 0.8f), (new Rect(20, 20, 10, 10), 0.95f), (new Rect(80, 20, 20, 20), 0.82f));
        using (var plain = new MaskRule(new OperatingPoint(0.9, 0, NeverEmpty: true)).ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(plain).ShouldBe(10 * 10);
        // grown down to 0.85 × 0.9 = 0.765: the body joins, the blob does not
        using (var grown = new MaskRule(new OperatingPoint(0.9, 0, NeverEmpty: true) { Grow = 0.85 }).ToMask(heat, imageScore: 1))
        {
            Cv2.CountNonZero(grown).ShouldBe(50 * 40);
            grown.At<byte>(30, 90).ShouldBe((byte)0);
        }
        // down to 0.9 × 0.9 = 0.81: the body (0.8) stays out
        using (var little = new MaskRule(new OperatingPoint(0.9, 0, NeverEmpty: true) { Grow = 0.9 }).ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(little).ShouldBe(10 * 10);
        // an analyst point judging the image unedited stays empty: growth has nothing to start from
        using var empty = new MaskRule(new OperatingPoint(0.9, 0.5, NeverEmpty: false) { Grow = 0.85 }).ToMask(heat, imageScore: 0.1);
        Cv2.CountNonZero(empty).ShouldBe(0);
    }

    [Fact]
    public void Filling_marks_what_a_region_encloses_and_nothing_outside_it()
    {
        // a hot ring (0.9) around a cold middle (0.05), and a cold notch open to the outside
        using var heat = Heat(100, 80, (new Rect(20, 20, 40, 40), 0.9f));
        heat[new Rect(30, 30, 20, 20)].SetTo(Scalar.All(0.05));
        heat[new Rect(20, 35, 5, 10)].SetTo(Scalar.All(0.05));
        using (var plain = new MaskRule(new OperatingPoint(0.5, 0, NeverEmpty: true)).ToMask(heat, imageScore: 1))
            Cv2.CountNonZero(plain).ShouldBe(40 * 40 - 20 * 20 - 5 * 10);
        using var filled = new MaskRule(new OperatingPoint(0.5, 0, NeverEmpty: true) { FillHoles = true }).ToMask(heat, imageScore: 1);
        // the middle is enclosed: filled; the notch opens outward: stays out; outside the ring nothing changes
        Cv2.CountNonZero(filled).ShouldBe(40 * 40 - 5 * 10);
        filled.At<byte>(40, 40).ShouldBe((byte)255);
        filled.At<byte>(40, 22).ShouldBe((byte)0);
        filled.At<byte>(5, 5).ShouldBe((byte)0);
    }

    [Fact]
    public void The_level_a_share_of_the_pixels_exceeds_is_read_from_the_maps_histogram()
    {
        using var heat = Heat(100, 100, (new Rect(0, 0, 100, 30), 0.7f), (new Rect(0, 30, 100, 10), 0.95f));
        // 10 % at 0.95, 30 % at 0.7, the rest 0.05
        MaskRule.LevelExceededBy(heat, 0.10).ShouldBeInRange(0.7, 0.95);
        MaskRule.LevelExceededBy(heat, 0.39).ShouldBeInRange(0.7, 0.95);
        MaskRule.LevelExceededBy(heat, 0.40).ShouldBeInRange(0.05, 0.7);
        MaskRule.LevelExceededBy(heat, 0.05).ShouldBeGreaterThanOrEqualTo(0.95);
        MaskRule.LevelExceededBy(heat, 1.0).ShouldBe(0);
    }

    [Fact]
    public void A_model_file_without_operating_points_derives_them_from_its_thresholds()
    {
        var description = new ModelDescription(new Tamper.Model.NetworkSpec("resnet-unet"), Threshold: 0.4, ImageThreshold: 0.7);
        var analyst = description.Point(OperatingPoint.Analyst);
        (analyst.Threshold, analyst.ImageThreshold, analyst.NeverEmpty).ShouldBe((0.4, 0.7, false));
        var contest = description.Point(OperatingPoint.Contest);
        (contest.Threshold, contest.ImageThreshold, contest.NeverEmpty).ShouldBe((0.4, 0.0, true));
        Should.Throw<UnknownNameException>(() => description.Point("lenient")).Message.ShouldContain("contest");
    }
}
