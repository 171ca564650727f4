using Tamper.Imaging;

namespace Tamper.Metrics;

/// <summary>
/// Accumulates per-image <see cref="PixelHistogram"/>s so that pixel AUC and every global threshold's
/// pooled F1 and mean contest score come out at the end without keeping any map.
/// Threshold t means "tampered where value > t", t = 0..254; the contest's binarization is t = 127.
/// </summary>
public sealed class HeatmapAccumulator
{
    /// <summary>The threshold of the contest's binarization (value > 127); the sweep starts its search from it.</summary>
    public const int MaskThreshold = MaskReader.TamperedAbove;
    private const int Thresholds = PixelHistogram.Levels - 1;

    private readonly EmptyTruthRule _rule;
    private readonly long[] _positives = new long[PixelHistogram.Levels];
    private readonly long[] _negatives = new long[PixelHistogram.Levels];
    private readonly double[] _scoreSums = new double[Thresholds];
    private readonly double[] _tamperedScoreSums = new double[Thresholds];
    private readonly int[] _falseAlarms = new int[Thresholds];
    private int _images, _tampered, _authentic;

    public HeatmapAccumulator(EmptyTruthRule rule) => _rule = rule;

    /// <param name="predictionMissing">The prediction was missing or unusable: the image scores 0 at every threshold.</param>
    public void Add(PixelHistogram histogram, bool predictionMissing = false)
    {
        if (histogram.Positives.Sum() == 0 && _rule == EmptyTruthRule.Skip)
            return;
        for (int level = 0; level < PixelHistogram.Levels; level++)
        {
            _positives[level] += histogram.Positives[level];
            _negatives[level] += histogram.Negatives[level];
        }
        _images++;
        bool authentic = histogram.Positives.Sum() == 0;
        if (authentic) _authentic++;
        else _tampered++;
        if (predictionMissing)
            return;
        for (int t = 0; t < Thresholds; t++)
        {
            var counts = histogram.CountsAbove(t);
            var score = ContestScore.Of("", null, counts, _rule).Score;
            _scoreSums[t] += score;
            if (authentic)
                _falseAlarms[t] += counts.PredictedPositives > 0 ? 1 : 0;
            else
                _tamperedScoreSums[t] += score;
        }
    }

    /// <summary>Every threshold's mean score over the tampered images and share of authentic images given a mask (for plots).</summary>
    public IReadOnlyList<ThresholdPoint> Curve() =>
        [.. Enumerable.Range(0, Thresholds).Select(t => new ThresholdPoint(t / 255.0,
            _tampered == 0 ? 0 : _tamperedScoreSums[t] / _tampered,
            _authentic == 0 ? null : (double)_falseAlarms[t] / _authentic))];

    public HeatmapSummary Summarize()
    {
        var bestF1 = (Threshold: MaskThreshold, F1: -1.0);
        var bestScore = (Threshold: MaskThreshold, Mean: -1.0);
        for (int t = 0; t < Thresholds; t++)
        {
            var f1 = PixelHistogram.CountsAbove(_positives, _negatives, t).F1;
            if (f1 > bestF1.F1) bestF1 = (t, f1);
            var mean = _images == 0 ? 0 : _scoreSums[t] / _images;
            if (mean > bestScore.Mean) bestScore = (t, mean);
        }
        return new HeatmapSummary(Auc(), bestF1.Threshold, Math.Max(0, bestF1.F1), bestScore.Threshold, Math.Max(0, bestScore.Mean)) { Curve = Curve() };
    }

    /// <summary>P(level of a tampered pixel > level of an authentic one), ties counted half; null without both classes.</summary>
    private double? Auc()
    {
        double positives = _positives.Sum(), negatives = _negatives.Sum();
        if (positives == 0 || negatives == 0)
            return null;
        double below = 0, area = 0;
        for (int level = 0; level < PixelHistogram.Levels; level++)
        {
            area += _positives[level] * (below + 0.5 * _negatives[level]);
            below += _negatives[level];
        }
        return area / (positives * negatives);
    }
}
