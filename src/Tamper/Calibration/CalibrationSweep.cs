namespace Tamper.Calibration;

/// <summary>
/// What one prediction pass over labeled images gives calibration (<see cref="ThresholdCalibration"/>): every image's
/// outcome under every candidate setting, from which the analyst grid and the contest points are ranked, and a held-out
/// check of choosing them (<see cref="HeldOut"/>).
/// </summary>
public sealed class CalibrationSweep
{
    private readonly IReadOnlyList<CalibrationImage> _images;
    private readonly IReadOnlyList<(double Relative, double MaxShare, double Grow, bool Fill)> _shapes;

    internal CalibrationSweep(IReadOnlyList<CalibrationImage> images, IReadOnlyList<(double Relative, double MaxShare, double Grow, bool Fill)> shapes)
    {
        _images = images;
        _shapes = shapes;
        Analyst = AnalystPoints(images);
        Contest = ContestPoints(images);
    }

    /// <summary>Every pixel × image threshold, best mean over all images first (ties: the stricter setting).</summary>
    public IReadOnlyList<CalibrationPoint> Analyst { get; }

    /// <summary>Every contest setting (never empty), best mean over the tampered images first (ties: no relative level, then the lower ones; no limit, then the larger ones; no growth, then the least; holes kept).</summary>
    public IReadOnlyList<CalibrationPoint> Contest { get; }

    /// <summary>
    /// A held-out check of the choice: the images are split into two halves (<see cref="Halves"/>), the two points are chosen on each
    /// half as <c>tamper calibrate</c> chooses them (analyst: best on the tampered images within
    /// <paramref name="maxFalseAlarmShare"/>, or best over all images without one; contest: best on the tampered images) and
    /// measured on the other half.
    /// </summary>
    public HoldoutCheck HeldOut(double? maxFalseAlarmShare)
    {
        var half = Halves(_images);
        var folds = new List<HoldoutFold>();
        var analystScores = new List<(CalibrationImage Image, double Score, bool Marked)>();
        var contestScores = new List<(CalibrationImage Image, double Score)>();
        for (int measured = 0; measured < 2; measured++)
        {
            var choosing = _images.Where((_, index) => half[index] != measured).ToList();
            var measuring = _images.Where((_, index) => half[index] == measured).ToList();
            var candidates = AnalystPoints(choosing);
            var ranked = ThresholdCalibration.Ranked(candidates, maxFalseAlarmShare);
            var analyst = ranked.Count > 0 ? ranked[0] : candidates.OrderBy(point => point.FalseAlarmShare).ThenByDescending(point => point.TamperedMean).First();
            var contest = ContestPoints(choosing)[0];
            int level = Level(analyst.Threshold), setting = Setting(contest);
            foreach (var image in measuring)
            {
                var (score, marked) = image.Analyst(level, analyst.ImageThreshold);
                analystScores.Add((image, score, marked));
                if (image.Tampered)
                    contestScores.Add((image, image.Contest(setting)));
            }
            folds.Add(new HoldoutFold(analyst, ranked.Count > 0, contest,
                AnalystPoints(measuring).Single(point => point.Threshold == analyst.Threshold && point.ImageThreshold == analyst.ImageThreshold),
                ContestPoints(measuring).Single(point => point.Threshold == contest.Threshold && point.Relative == contest.Relative && point.MaxShare == contest.MaxShare && point.Grow == contest.Grow && point.FillHoles == contest.FillHoles)));
        }
        var tampered = analystScores.Where(entry => entry.Image.Tampered).ToList();
        return new HoldoutCheck(folds,
            tampered.Select(entry => entry.Score).DefaultIfEmpty(0).Average(),
            analystScores.Count(entry => !entry.Image.Tampered && entry.Marked), analystScores.Count(entry => !entry.Image.Tampered),
            contestScores.Select(entry => entry.Score).DefaultIfEmpty(0).Average(),
            GroupMeans(tampered.Select(entry => (entry.Image.Group, entry.Score))),
            GroupMeans(contestScores.Select(entry => (entry.Image.Group, entry.Score))));
    }

    /// <summary>
    /// Each image's half (0 or 1): the tampered images, ordered by source and file, alternately, and the untouched ones the
    /// same way, so each half holds about half of every source (also when every file is its own "source").
    /// </summary>
    private static int[] Halves(IReadOnlyList<CalibrationImage> images)
    {
        var half = new int[images.Count];
        foreach (var kind in Enumerable.Range(0, images.Count).GroupBy(index => images[index].Tampered))
        {
            int position = 0;
            foreach (var index in kind.OrderBy(index => images[index].Group, StringComparer.Ordinal).ThenBy(index => images[index].Path, StringComparer.Ordinal))
                half[index] = position++ % 2;
        }
        return half;
    }

    private static int Level(double threshold) => ThresholdCalibration.PixelThresholds.ToList().IndexOf(threshold);

    private int Setting(CalibrationPoint contest) =>
        Level(contest.Threshold) * _shapes.Count + _shapes.ToList().IndexOf((contest.Relative, contest.MaxShare, contest.Grow, contest.FillHoles));

    private static IReadOnlyList<CalibrationPoint> AnalystPoints(IReadOnlyList<CalibrationImage> images)
    {
        var points = new List<CalibrationPoint>();
        for (int level = 0; level < ThresholdCalibration.PixelThresholds.Count; level++)
        {
            foreach (var imageThreshold in ThresholdCalibration.ImageThresholds)
            {
                double all = 0;
                int authentic = 0, falseAlarms = 0;
                var tamperedScores = new List<(string Group, double Score)>();
                foreach (var image in images)
                {
                    var (score, marked) = image.Analyst(level, imageThreshold);
                    all += score;
                    if (image.Tampered)
                        tamperedScores.Add((image.Group, score));
                    else
                    {
                        authentic++;
                        if (marked)
                            falseAlarms++;
                    }
                }
                points.Add(new CalibrationPoint(ThresholdCalibration.PixelThresholds[level], imageThreshold, all / Math.Max(1, images.Count),
                    tamperedScores.Select(entry => entry.Score).DefaultIfEmpty(0).Average(), authentic == 0 ? 0 : (double)falseAlarms / authentic, authentic)
                {
                    TamperedGroupMeans = GroupMeans(tamperedScores),
                });
            }
        }
        // best first; among equals the stricter setting (fewer false alarms)
        return [.. points.OrderByDescending(point => Math.Round(point.MeanScore, 6)).ThenByDescending(point => point.ImageThreshold).ThenByDescending(point => point.Threshold)];
    }

    private IReadOnlyList<CalibrationPoint> ContestPoints(IReadOnlyList<CalibrationImage> images)
    {
        var points = new List<CalibrationPoint>();
        int authenticCount = images.Count(image => !image.Tampered);
        for (int level = 0; level < ThresholdCalibration.PixelThresholds.Count; level++)
            for (int shape = 0; shape < _shapes.Count; shape++)
            {
                int setting = level * _shapes.Count + shape;
                var tamperedScores = images.Where(image => image.Tampered).Select(image => (image.Group, Score: image.Contest(setting))).ToList();
                double mean = tamperedScores.Select(entry => entry.Score).DefaultIfEmpty(0).Average();
                points.Add(new CalibrationPoint(ThresholdCalibration.PixelThresholds[level], 0, mean, mean, authenticCount == 0 ? 0 : 1, authenticCount, NeverEmpty: true)
                {
                    Relative = _shapes[shape].Relative,
                    MaxShare = _shapes[shape].MaxShare,
                    Grow = _shapes[shape].Grow,
                    FillHoles = _shapes[shape].Fill,
                    TamperedGroupMeans = GroupMeans(tamperedScores),
                });
            }
        return [.. points.OrderByDescending(point => Math.Round(point.TamperedMean, 6)).ThenBy(point => point.Relative).ThenBy(point => point.MaxShare == 0 ? 0 : 1 - point.MaxShare)
            .ThenBy(point => point.Grow == 0 ? 0 : 1 - point.Grow).ThenBy(point => point.FillHoles).ThenBy(point => point.Threshold)];
    }

    private static IReadOnlyDictionary<string, double> GroupMeans(IEnumerable<(string Group, double Score)> scores) =>
        scores.GroupBy(entry => entry.Group).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Average(entry => entry.Score));
}
