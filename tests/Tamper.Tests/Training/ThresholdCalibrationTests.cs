using OpenCvSharp;
using Tamper.Calibration;
using Tamper.Data;
using Tamper.Model;
using Tamper.Model.Prediction;
using Tamper.Tests.Support;
using Tamper.Training;

namespace Tamper.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ThresholdCalibrationTests
{
    /// <summary>A network that marks every pixel at 0.97 (above every pixel threshold) and gives every image the same image-level probability.</summary>
    private static LocalizerNetwork Constant(double imageProbability) => ConstantNetworks.Create(pixelProbability: 0.97, imageProbability);

    private static IReadOnlyList<SamplePair> Set(TempFolder folder, bool tampered)
    {
        for (int index = 0; index < 3; index++)
        {
            Masks.Write(folder.File($"set/images/i{index}.png"), Masks.ColorImage(64, 48, seed: index));
            Masks.Write(folder.File($"set/masks/i{index}.png"), Masks.Filled(64, 48, tampered ? (byte)255 : (byte)0));
        }
        return new DatasetReader().Open(Path.Combine(folder.Path, "set")).Pairs;
    }

    [Fact]
    public void On_authentic_images_the_image_threshold_is_set_above_their_scores()
    {
        using var folder = new TempFolder();
        using var network = Constant(imageProbability: 0.55);
        var points = ThresholdCalibration.Run(new Predictor(network), Set(folder, tampered: false));
        points[0].MeanScore.ShouldBe(2, 1e-9);
        points[0].FalseAlarmShare.ShouldBe(0);
        points[0].ImageThreshold.ShouldBeGreaterThan(0.55);
        points.Single(point => point.ImageThreshold == 0.5 && point.Threshold == 0.5).FalseAlarmShare.ShouldBe(1);
    }

    [Fact]
    public void On_fully_tampered_images_masks_are_kept_and_the_pixel_threshold_is_below_the_heat()
    {
        using var folder = new TempFolder();
        using var network = Constant(imageProbability: 0.55);
        var points = ThresholdCalibration.Run(new Predictor(network), Set(folder, tampered: true));
        points[0].MeanScore.ShouldBe(2, 1e-9);
        points[0].ImageThreshold.ShouldBeLessThanOrEqualTo(0.55);
        points.Where(point => point.ImageThreshold > 0.55).ShouldAllBe(point => point.MeanScore == 0);
    }

    [Fact]
    public void A_false_alarm_cap_ranks_the_settings_that_meet_it_by_their_tampered_score()
    {
        CalibrationPoint[] points =
        [
            new(0.5, 0.5, MeanScore: 1.2, TamperedMean: 0.9, FalseAlarmShare: 0.6, AuthenticImages: 10),
            new(0.5, 0.9, MeanScore: 1.1, TamperedMean: 0.6, FalseAlarmShare: 0.1, AuthenticImages: 10),
            new(0.7, 0.9, MeanScore: 1.0, TamperedMean: 0.6, FalseAlarmShare: 0.0, AuthenticImages: 10),
            new(0.8, 0.95, MeanScore: 0.9, TamperedMean: 0.4, FalseAlarmShare: 0.0, AuthenticImages: 10),
        ];

        ThresholdCalibration.Ranked(points).ShouldBe(points);
        // equal tampered score: the one with fewer false alarms first
        ThresholdCalibration.Ranked(points, 0.1).ShouldBe([points[2], points[1], points[3]]);
        ThresholdCalibration.Ranked(points, 0.0).ShouldBe([points[2], points[3]]);
        ThresholdCalibration.Ranked(points[..2], 0.05).ShouldBeEmpty();
    }

    /// <summary>A detector whose heat map is the image's green channel / 255, so each test image carries its own map.</summary>
    private sealed class GreenIsHeat : Tamper.Detection.IDetector
    {
        public string Method => "green";

        public Tamper.Masking.MaskPostProcessor PostProcessor { get; } = new();

        public Tamper.Detection.DetectionResult Detect(Tamper.Forensics.ForensicInput input)
        {
            using var green = input.Image.Pixels.ExtractChannel(1);
            var heat = new Mat();
            green.ConvertTo(heat, MatType.CV_32F, 1 / 255.0);
            return new Tamper.Detection.DetectionResult(heat, new Mat(heat.Size(), MatType.CV_8UC1, Scalar.All(0)), 1, [], new Dictionary<string, double>());
        }
    }

    /// <summary>
    /// Writes one image of the set <c>set/</c> for <see cref="GreenIsHeat"/>: its green channel is the heat (the background's,
    /// then each patch's in order) and its true mask the rectangle <paramref name="truth"/>.
    /// </summary>
    private static void WriteHeat(TempFolder folder, string name, int width, int height, double background, Rect truth, params (Rect Box, double Heat)[] patches)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(0, background * 255, 0));
        foreach (var (box, heat) in patches)
            image[box].SetTo(new Scalar(0, heat * 255, 0));
        Masks.Write(folder.File($"set/images/{name}.png"), image);
        Masks.Write(folder.File($"set/masks/{name}.png"), Masks.WithRectangle(width, height, truth));
    }

    private static IReadOnlyList<SamplePair> HeatSet(TempFolder folder) => new DatasetReader().Open(Path.Combine(folder.Path, "set")).Pairs;

    [Fact]
    public void The_contest_sweep_finds_the_share_of_the_maximum_that_keeps_only_each_maps_hot_region()
    {
        using var folder = new TempFolder();
        // the edit is the hot patch; beside it, touching it, a warm area, at another scale in each image: 0.9 / 0.6 and 0.5 / 0.35
        foreach (var (name, hot, warm) in new[] { ("a", 0.9, 0.6), ("b", 0.5, 0.35) })
            WriteHeat(folder, name, 80, 60, 0, new Rect(10, 10, 20, 20), (new Rect(10, 10, 20, 20), hot), (new Rect(30, 10, 30, 30), warm));
        var pairs = HeatSet(folder);

        var contest = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, []).Contest;

        contest.Count.ShouldBe(ThresholdCalibration.PixelThresholds.Count * ThresholdCalibration.RelativeLevels.Count * ThresholdCalibration.GrowLevels.Count * 2);
        contest.ShouldAllBe(point => point.MaxShare == 0);
        // no fixed threshold isolates both hot patches (one's warm area is hotter than the other's edit); 0.7 of each maximum does
        contest.Where(point => point.Relative == 0).Max(point => point.TamperedMean).ShouldBeLessThan(1.9);
        (contest[0].Threshold, contest[0].Relative, contest[0].TamperedMean).ShouldBe((0.3, 0.7, 2.0));
    }

    [Fact]
    public void Asked_to_the_contest_sweep_finds_the_largest_area_limit_that_keeps_a_small_edit_out_of_a_warm_map()
    {
        using var folder = new TempFolder();
        // a map warm over most of the image (a screenshot's), slightly warmer at the edit: 4 % of the image at 0.66, 60 % at
        // 0.64, the rest 0.45. Every pixel threshold and share of the maximum keeps the warm 60 % with the edit (or, with
        // nothing passing, the region around the peak: all of it); a limit on the area isolates the edit.
        foreach (var name in new[] { "a", "b" })
            WriteHeat(folder, name, 100, 100, 115 / 255.0, new Rect(40, 70, 20, 20), (new Rect(0, 0, 100, 60), 163 / 255.0), (new Rect(40, 70, 20, 20), 168 / 255.0));
        var pairs = HeatSet(folder);

        var withoutLimits = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, []).Contest;
        var contest = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, [], areaLimits: ThresholdCalibration.AreaLimits).Contest;

        withoutLimits.Max(point => point.TamperedMean).ShouldBeLessThan(0.3);
        contest.Count.ShouldBe(ThresholdCalibration.PixelThresholds.Count * ThresholdCalibration.RelativeLevels.Count * (1 + ThresholdCalibration.AreaLimits.Count) * ThresholdCalibration.GrowLevels.Count * 2);
        contest.Where(point => point.MaxShare == 0).Max(point => point.TamperedMean).ShouldBeLessThan(0.3);
        // every limit from 20 % down isolates it: the largest is chosen, without a share of the maximum
        (contest[0].Relative, contest[0].MaxShare, contest[0].TamperedMean).ShouldBe((0.0, 0.2, 2.0));
    }

    [Fact]
    public void The_contest_sweep_grows_a_hot_core_over_its_connected_warm_body_and_not_over_a_warm_area_apart()
    {
        using var folder = new TempFolder();
        // the edit: a hot core (0.98, above every pixel threshold) in a warm body (0.8); apart, a warm area (0.82) that is
        // not edited; the rest 0.3
        foreach (var name in new[] { "a", "b" })
            WriteHeat(folder, name, 120, 80, 0.3, new Rect(10, 10, 50, 40),
                (new Rect(10, 10, 50, 40), 0.8), (new Rect(20, 20, 10, 10), 0.98), (new Rect(80, 20, 30, 30), 0.82));
        var pairs = HeatSet(folder);

        var contest = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, []).Contest;

        // without growth a threshold keeps the core alone or the body with the area apart
        contest.Where(point => point.Grow == 0).Max(point => point.TamperedMean).ShouldBeLessThan(1.6);
        // 0.9 grown down to 0.8 or 0.85 of it (0.72, 0.765) takes the body in, not the area apart; the least growth is preferred
        (contest[0].Threshold, contest[0].Grow, contest[0].TamperedMean).ShouldBe((0.9, 0.85, 2.0));
    }

    [Fact]
    public void The_contest_sweep_fills_an_edit_whose_heat_is_a_ring()
    {
        using var folder = new TempFolder();
        // the edit's border is hot (0.9), its plain middle cold (0.1), like the rest of the image
        foreach (var name in new[] { "a", "b" })
            WriteHeat(folder, name, 100, 80, 0.1, new Rect(20, 20, 40, 40), (new Rect(20, 20, 40, 40), 0.9), (new Rect(28, 28, 24, 24), 0.1));
        var pairs = HeatSet(folder);

        var contest = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, []).Contest;

        contest.Where(point => !point.FillHoles).Max(point => point.TamperedMean).ShouldBeLessThan(1.6);
        (contest[0].FillHoles, contest[0].TamperedMean).ShouldBe((true, 2.0));
    }

    [Fact]
    public void The_held_out_check_measures_each_halfs_points_on_the_other_half()
    {
        using var folder = new TempFolder();
        // one source, alternate files unlike: a_0 and a_2 (first half) have their edit at 0.85 on 0.75 (pixel threshold 0.8
        // keeps only the edit), a_1 and a_3 (second half) at 0.65 on 0.55 (0.6 does; 0.8 marks nothing)
        for (int index = 0; index < 4; index++)
        {
            var (edit, rest) = index % 2 == 0 ? (0.85, 0.75) : (0.65, 0.55);
            WriteHeat(folder, $"a_{index}", 100, 100, rest, new Rect(30, 30, 30, 30), (new Rect(30, 30, 30, 30), edit));
        }
        var pairs = HeatSet(folder);

        var sweep = ThresholdCalibration.Sweep(new GreenIsHeat(), pairs, []);
        var check = sweep.HeldOut(maxFalseAlarmShare: null);

        // in-sample, either threshold is right for half of the images
        sweep.Analyst[0].TamperedMean.ShouldBeGreaterThanOrEqualTo(1.0);
        check.Folds.Count.ShouldBe(2);
        // the first half is measured with the second half's choice and the other way round
        check.Folds[0].ChosenAnalyst.Threshold.ShouldBe(0.6);
        check.Folds[1].ChosenAnalyst.Threshold.ShouldBe(0.8);
        // 0.6 on the first half marks the whole image (F1 of a 9 % edit: 0.17, IoU 0.09); 0.8 on the second marks nothing
        check.Folds[0].MeasuredAnalyst.TamperedMean.ShouldBe(0.26, 0.02);
        check.Folds[1].MeasuredAnalyst.TamperedMean.ShouldBe(0.0);
        check.AnalystTamperedMean.ShouldBe(0.13, 0.01);
        check.AnalystGroupMeans.Keys.ShouldBe(["a"]);
        (check.Flagged, check.Authentic).ShouldBe((0, 0));
        check.Folds.ShouldAllBe(fold => fold.CapMet);
        // the contest points are measured the same way, each tampered image once
        check.ContestTamperedMean.ShouldBe((check.Folds[0].MeasuredContest.TamperedMean + check.Folds[1].MeasuredContest.TamperedMean) / 2, 1e-9);
    }
}
