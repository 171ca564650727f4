using Tamper.Data;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;
using Tamper.Masking;
using Tamper.Metrics;
using Tamper.Model.Checkpoints;
using Tamper.Model.Prediction;

namespace Tamper.Calibration;

/// <summary>
/// Chooses a model's pixel threshold and image threshold on a labeled set (meant for synthetic validation
/// data with authentic images, never the set the figures are reported on): every image is predicted once,
/// then every pair of thresholds is scored with the detector's own rule, and the pair with the best mean
/// contest score over all images wins (authentic images count: 2 with an empty mask, 0 otherwise).
/// With a false-alarm cap, the pair with the best score on the tampered images among those that flag at
/// most that share of the authentic images wins instead: an operating point chosen by its false-alarm rate.
/// </summary>
public static class ThresholdCalibration
{
    /// <summary>
    /// Pixel thresholds every sweep tries. 0.95: the fused heat saturates where its evidence agrees, and a contest mask
    /// seeded there and grown over its warm surroundings beat 0.9's on real-dev (default.tamper, held out: 0.659 → 0.723);
    /// 0.97 and 0.99 as well only added choice (held out 0.683: one half chose 0.97).
    /// </summary>
    public static IReadOnlyList<double> PixelThresholds { get; } = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

    /// <summary>Shares of each map's maximum the contest sweep tries beside each pixel threshold (<see cref="OperatingPoint.Relative"/>).</summary>
    public static IReadOnlyList<double> RelativeLevels { get; } = [0, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// Limits on the mask's share of the image (<see cref="OperatingPoint.MaxShare"/>) the contest sweep can try beside
    /// each of those, when asked (<c>tamper calibrate --area-limits</c>). Not tried by default: on real-dev they raised the
    /// in-sample contest mean (0.56 → 0.58) but not the held-out one (0.556 both), so they only add choice.
    /// </summary>
    public static IReadOnlyList<double> AreaLimits { get; } = [0.2, 0.1, 0.05];

    /// <summary>
    /// Shares of the threshold the contest sweep tries growing each mask down to (<see cref="OperatingPoint.Grow"/>) beside
    /// no growth. Measured on real-dev with the shipped fusion, one share at a time for every contest point, held out:
    /// 0.5 → 0.482, 0.6 → 0.505, 0.7 → 0.555, 0.8 → 0.579, 0.85 → 0.590, 0.9 → 0.581, 0.95 → 0.547, none 0.556.
    /// </summary>
    public static IReadOnlyList<double> GrowLevels { get; } = [0, 0.8, 0.85, 0.9];

    /// <summary>
    /// Every contest shape the sweep tries with each pixel threshold: each relative level with no limit and with each given
    /// limit, each without growth and with each of <see cref="GrowLevels"/>, each as it is and with its holes filled
    /// (<see cref="OperatingPoint.FillHoles"/>; held out on real-dev with the shipped fusion and growth: 0.576 → 0.593).
    /// </summary>
    internal static IReadOnlyList<(double Relative, double MaxShare, double Grow, bool Fill)> Shapes(IReadOnlyList<double> areaLimits) =>
        [.. RelativeLevels.SelectMany(relative => new[] { 0.0 }.Concat(areaLimits).SelectMany(share => GrowLevels.SelectMany(grow =>
            new[] { false, true }.Select(fill => (relative, share, grow, fill)))))];

    // fine at the top: authentic photos often score 0.8-0.99, and a false-alarm cap lands there
    public static IReadOnlyList<double> ImageThresholds { get; } = [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995];

    public static IReadOnlyList<CalibrationPoint> Run(Predictor predictor, IReadOnlyList<SamplePair> pairs, Action<int, int>? progress = null) =>
        Sweep(predictor, pairs, [], progress).Analyst;

    /// <summary>
    /// One prediction pass, two sets of settings: the analyst grid (pixel × image threshold, as <see cref="Run"/>)
    /// and the contest points (each pixel threshold with <see cref="OperatingPoint.NeverEmpty"/>: no image threshold,
    /// the most likely region marked when nothing passes; each also with every <see cref="RelativeLevels"/> share of the map's
    /// maximum, without a limit on the mask's area and with each of <paramref name="areaLimits"/>, each also grown by each of
    /// <see cref="GrowLevels"/>, each as it is and with its holes filled), ranked as <see cref="CalibrationSweep"/> says; every
    /// image's outcome is kept for <see cref="CalibrationSweep.HeldOut"/>. Settings that come to the same threshold, growth
    /// and filling on an image share one mask.
    /// </summary>
    /// <param name="authentic">Untouched images without mask files (their true mask is empty).</param>
    /// <param name="areaLimits">Shares of the image the contest mask may be limited to (<see cref="OperatingPoint.MaxShare"/>), tried beside no limit; none by default.</param>
    public static CalibrationSweep Sweep(Predictor predictor, IReadOnlyList<SamplePair> pairs, IReadOnlyList<string> authentic, Action<int, int>? progress = null,
        IReadOnlyList<double>? areaLimits = null) =>
        Sweep(input =>
        {
            using var prediction = predictor.Predict(input.Image.Pixels);
            return (prediction.Heatmap.Clone(), prediction.ImageScore);
        }, pairs, authentic, progress, areaLimits ?? []);

    /// <summary>The same for any detector that has a heat map and an image score (the learned and the fused method).</summary>
    public static CalibrationSweep Sweep(IDetector detector, IReadOnlyList<SamplePair> pairs, IReadOnlyList<string> authentic, Action<int, int>? progress = null,
        IReadOnlyList<double>? areaLimits = null) =>
        Sweep(input =>
        {
            using var result = detector.Detect(input);
            return (result.Heatmap.Clone(), result.ImageScore);
        }, pairs, authentic, progress, areaLimits ?? []);

    /// <param name="predict">Heat map (the caller disposes it) and image score of one image.</param>
    private static CalibrationSweep Sweep(Func<ForensicInput, (OpenCvSharp.Mat Heatmap, double ImageScore)> predict,
        IReadOnlyList<SamplePair> pairs, IReadOnlyList<string> authentic, Action<int, int>? progress, IReadOnlyList<double> areaLimits)
    {
        var shapes = Shapes(areaLimits);
        var loader = new ImageLoader();
        var masks = new MaskReader(loader);
        var images = new List<CalibrationImage>();
        var items = pairs.Select(pair => (pair.ImagePath, (string?)pair.MaskPath)).Concat(authentic.Select(path => (path, (string?)null))).ToList();
        for (int index = 0; index < items.Count; index++)
        {
            var (imagePath, maskPath) = items[index];
            var input = ForensicInput.Load(imagePath, loader);
            using var image = input.Image;
            using var truth = Truth(masks, maskPath, image.Width, image.Height);
            var (heatmap, imageScore) = predict(input);
            using var heat = heatmap;
            var counts = new ConfusionCounts[PixelThresholds.Count];
            var neverEmpty = new ConfusionCounts[PixelThresholds.Count * shapes.Count];
            OpenCvSharp.Cv2.MinMaxLoc(heat, out _, out double maximum);
            var shareLevels = shapes.Select(shape => shape.MaxShare).Distinct().ToDictionary(share => share, share => share > 0 ? MaskRule.LevelExceededBy(heat, share) : 0);
            var byThreshold = new Dictionary<(double Threshold, double Grow, bool Fill), ConfusionCounts>();
            for (int level = 0; level < PixelThresholds.Count; level++)
            {
                using var mask = new MaskRule(new OperatingPoint(PixelThresholds[level], 0, NeverEmpty: false)).ToMask(heat, imageScore);
                counts[level] = ConfusionCounts.Of(truth, mask);
                for (int shape = 0; shape < shapes.Count; shape++)
                {
                    var (relative, maxShare, grow, fill) = shapes[shape];
                    var point = new OperatingPoint(PixelThresholds[level], 0, NeverEmpty: true) { Relative = relative, MaxShare = maxShare };
                    double threshold = MaskRule.ThresholdFor(point, maximum, shareLevels[maxShare]);
                    if (!byThreshold.TryGetValue((threshold, grow, fill), out var contestCounts))
                    {
                        using var contest = new MaskRule(new OperatingPoint(threshold, 0, NeverEmpty: true) { Grow = grow, FillHoles = fill }).ToMask(heat, imageScore);
                        byThreshold[(threshold, grow, fill)] = contestCounts = ConfusionCounts.Of(truth, contest);
                    }
                    neverEmpty[level * shapes.Count + shape] = contestCounts;
                }
            }
            images.Add(new CalibrationImage(imagePath, GroupOf(imagePath), imageScore, counts, neverEmpty, counts[0].TruthPositives, counts[0].Pixels));
            progress?.Invoke(index + 1, items.Count);
        }
        return new CalibrationSweep(images, shapes);
    }

    /// <summary>The true mask: the mask file's, or empty for an authentic image without one.</summary>
    private static OpenCvSharp.Mat Truth(MaskReader masks, string? maskPath, int width, int height)
    {
        if (maskPath is null)
            return new OpenCvSharp.Mat(height, width, OpenCvSharp.MatType.CV_8UC1, OpenCvSharp.Scalar.All(0));
        using var read = masks.Read(maskPath);
        return read.Binary.Clone();
    }

    /// <summary>The source of an image: its file name up to the first '_' (as <c>tamper score --group-by-prefix</c>).</summary>
    private static string GroupOf(string path)
    {
        var id = FileStems.Of(path);
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id[..underscore] : id;
    }

    /// <summary>
    /// The settings in the order to choose them: without a cap <paramref name="points"/> as they are (best mean
    /// over all images first); with one, only the settings whose false-alarm share is at most the cap, best
    /// mean over the tampered images first (ties: fewer false alarms, then the lower thresholds, which keep
    /// more of the marked area). Empty when no setting meets the cap.
    /// </summary>
    public static IReadOnlyList<CalibrationPoint> Ranked(IReadOnlyList<CalibrationPoint> points, double? maxFalseAlarmShare = null) =>
        maxFalseAlarmShare is not { } cap ? points
            : [.. points.Where(point => point.FalseAlarmShare <= cap + 1e-9)
                .OrderByDescending(point => Math.Round(point.TamperedMean, 6)).ThenBy(point => point.FalseAlarmShare)
                .ThenBy(point => point.ImageThreshold).ThenBy(point => point.Threshold)];
}
