using Tamper.Metrics;

namespace Tamper.Calibration;

/// <summary>
/// One calibration image's outcome under every candidate setting: its image score, its confusion counts at each pixel
/// threshold (<see cref="Counts"/>) and under each contest setting (<see cref="NeverEmpty"/>: pixel threshold × shape),
/// its true mask's size and its source.
/// </summary>
internal sealed record CalibrationImage(string Path, string Group, double ImageScore, ConfusionCounts[] Counts, ConfusionCounts[] NeverEmpty, long TruthPositives, long Pixels)
{
    public bool Tampered => TruthPositives > 0;

    /// <summary>The contest score of the analyst setting (pixel threshold <paramref name="level"/>, image threshold) and whether it marks anything.</summary>
    public (double Score, bool Marked) Analyst(int level, double imageThreshold)
    {
        var used = Masking.MaskRule.JudgedUnedited(ImageScore, imageThreshold) ? ConfusionCounts.NothingPredicted(TruthPositives, Pixels) : Counts[level];
        return (ContestScore.Of("", null, used, EmptyTruthRule.Match).Score, used.PredictedPositives > 0);
    }

    /// <summary>The contest score of contest setting <paramref name="setting"/> (pixel threshold × shape).</summary>
    public double Contest(int setting) => ContestScore.Of("", null, NeverEmpty[setting], EmptyTruthRule.Match).Score;
}
