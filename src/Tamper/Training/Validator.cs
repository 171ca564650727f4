using System.Diagnostics;
using Tamper.Data;
using Tamper.Imaging;
using Tamper.Masking;
using Tamper.Metrics;
using Tamper.Model.Prediction;

namespace Tamper.Training;

/// <summary>
/// Scores a network on whole validation images exactly as <c>detect</c> would: the same predictor and the same
/// <see cref="MaskRule"/> (threshold, small-region removal, image-level rule). Groups by the file-name prefix (real-dev's sources).
/// </summary>
public sealed class Validator
{
    private readonly IReadOnlyList<SamplePair> _pairs;
    private readonly IReadOnlyList<string> _authentic;
    private readonly ImageLoader _loader = new();
    private readonly MaskReader _masks;
    private readonly ScoreOptions _groups = new(EmptyTruthRule.Match, GroupByPrefix: true);

    /// <param name="folders">Labeled dataset folders (an image with an empty mask counts as untouched).</param>
    /// <param name="authenticFolders">Folders of untouched images without mask files (e.g. authentic-real): false alarms only.</param>
    public Validator(IReadOnlyList<string> folders, IReadOnlyList<string>? authenticFolders = null)
    {
        var reader = new DatasetReader();
        _pairs = [.. folders.SelectMany(folder => reader.Open(folder).Pairs)];
        _authentic = [.. (authenticFolders ?? []).SelectMany(folder => MaskFolder.Open(folder).Paths).Order(StringComparer.Ordinal)];
        _masks = new MaskReader(_loader);
    }

    public int Count => _pairs.Count + _authentic.Count;

    /// <param name="rule">The mask rule detect would apply (the model's analyst point while it trains).</param>
    public ValidationResult Run(Predictor predictor, MaskRule rule)
    {
        var clock = Stopwatch.StartNew();
        var all = new ScoreAccumulator();
        var groups = new SortedDictionary<string, ScoreAccumulator>(StringComparer.Ordinal);
        int authentic = 0, falseAlarms = 0;
        OpenCvSharp.Mat PredictedMask(string path)
        {
            using var image = _loader.Load(path, PixelLayout.Bgr);
            using var prediction = predictor.Predict(image.Pixels);
            return rule.ToMask(prediction.Heatmap, prediction.ImageScore);
        }
        foreach (var pair in _pairs)
        {
            using var truth = _masks.Read(pair.MaskPath);
            using var mask = PredictedMask(pair.ImagePath);
            var counts = ConfusionCounts.Of(truth.Binary, mask);
            if (counts.TruthPositives == 0)
            {
                authentic++;
                if (counts.PredictedPositives > 0) falseAlarms++;
                continue;
            }
            var score = ContestScore.Of(pair.Id, _groups.GroupOf(pair.Id), counts, EmptyTruthRule.Match);
            all.Add(score);
            var group = score.Group ?? "all";
            if (!groups.TryGetValue(group, out var accumulator))
                groups[group] = accumulator = new ScoreAccumulator();
            accumulator.Add(score);
        }
        foreach (var path in _authentic)
        {
            using var mask = PredictedMask(path);
            authentic++;
            if (OpenCvSharp.Cv2.CountNonZero(mask) > 0) falseAlarms++;
        }
        var summary = all.Summarize("all");
        return new ValidationResult(summary.MeanScore, summary.MeanF1, summary.MeanIou, summary.Images,
            groups.ToDictionary(entry => entry.Key, entry => entry.Value.Summarize(entry.Key).MeanScore), authentic, falseAlarms, clock.Elapsed.TotalSeconds);
    }
}
