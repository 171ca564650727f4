using OpenCvSharp;
using Tamper.Data;
using Tamper.Imaging;

namespace Tamper.Metrics;

/// <summary>
/// Scores a folder of predicted masks (or gray heat maps) against the true masks, one image at a time:
/// only the current pair is in memory. Missing, unreadable and wrong-size predictions score 0 and are
/// listed; predictions without a truth image are noted and ignored.
/// </summary>
public sealed class MaskScorer
{
    private readonly ImageLoader _loader;
    private readonly MaskReader _masks;

    public MaskScorer(ImageLoader? loader = null)
    {
        _loader = loader ?? new ImageLoader();
        _masks = new MaskReader(_loader);
    }

    /// <param name="progress">Called after each truth image with (done, total).</param>
    /// <param name="authentic">Untouched images without mask files: scored as images whose true mask is empty (their size from the header).</param>
    public ScoreReport Score(string predictions, string truth, ScoreOptions options, Action<int, int>? progress = null, IReadOnlyList<string>? authentic = null)
    {
        var (truthFolder, found, truthDuplicates) = TruthMasks.Find(truth);
        var truthMasks = found.Select(entry => (entry.Id, entry.Path, Authentic: false))
            .Concat((authentic ?? []).Select(path => (Id: FileStems.Of(path), Path: path, Authentic: true))).ToList();
        if (truthMasks.Count == 0)
            throw new InputFileException(truthFolder, "no mask images found");
        var predicted = MaskFolder.Open(predictions);

        var overall = new ScoreGroup(options.EmptyRule, options.PredictionsAreHeatmaps);
        var groups = new SortedDictionary<string, ScoreGroup>(StringComparer.Ordinal);
        var perImage = new List<ImageScore>(truthMasks.Count);
        var problems = new List<string>();
        int zeroOneTruths = 0, zeroOnePredictions = 0;

        for (int i = 0; i < truthMasks.Count; i++)
        {
            var (id, truthPath, isAuthentic) = truthMasks[i];
            MaskImage truthMask;
            try
            {
                truthMask = isAuthentic ? EmptyTruth(truthPath) : _masks.Read(truthPath);
            }
            catch (InputFileException e)
            {
                problems.Add($"true mask unusable, image not scored: {e.Message}");
                progress?.Invoke(i + 1, truthMasks.Count);
                continue;
            }
            using (truthMask)
            {
                if (truthMask.Encoding == MaskEncoding.ZeroAndOne) zeroOneTruths++;
                var group = options.GroupOf(id);
                var (score, histogram, zeroOne) = ScoreOne(id, group, truthMask, predicted, options);
                if (zeroOne) zeroOnePredictions++;
                if (score.Problem is not null) problems.Add(score.Problem);
                perImage.Add(score);
                overall.Add(score, histogram);
                if (group is not null)
                {
                    if (!groups.TryGetValue(group, out var accumulator))
                        groups[group] = accumulator = new ScoreGroup(options.EmptyRule, options.PredictionsAreHeatmaps);
                    accumulator.Add(score, histogram);
                }
            }
            progress?.Invoke(i + 1, truthMasks.Count);
        }

        var notes = new List<string>();
        if (zeroOneTruths > 0)
            notes.Add($"{zeroOneTruths} true mask(s) are stored as 0/1 instead of 0/255: 1 was read as tampered");
        if (zeroOnePredictions > 0)
            notes.Add($"{zeroOnePredictions} prediction(s) are stored as 0/1 instead of 0/255: 1 was read as tampered (the contest reads > 127 only)");
        foreach (var duplicate in truthDuplicates.Concat(predicted.Duplicates))
            notes.Add($"{duplicate}: ignored, another file has the same id");
        var extra = predicted.Unclaimed();
        if (extra.Count > 0)
            notes.Add($"{extra.Count} prediction(s) have no true mask and were not scored: {string.Join(", ", extra.Take(10).Select(Path.GetFileName))}{(extra.Count > 10 ? ", ..." : "")}");

        return new ScoreReport(truthFolder, predictions, options, overall.Summarize("all"),
            groups.Select(entry => entry.Value.Summarize(entry.Key)).ToList(), perImage, problems, notes);
    }

    private static MaskImage EmptyTruth(string imagePath)
    {
        var header = ImageHeaderReader.Read(imagePath);
        return new MaskImage(imagePath, new Mat(header.Height, header.Width, MatType.CV_8UC1, Scalar.All(0)), MaskEncoding.ZeroAnd255);
    }

    private (ImageScore Score, PixelHistogram? Histogram, bool ZeroOne) ScoreOne(
        string id, string? group, MaskImage truth, MaskFolder predicted, ScoreOptions options)
    {
        long truthPositives = Cv2.CountNonZero(truth.Binary);
        long pixels = (long)truth.Width * truth.Height;
        PixelHistogram? Nothing() => options.PredictionsAreHeatmaps ? PixelHistogram.NothingPredicted(truthPositives, pixels) : null;
        ImageScore Failed(ImageScoreStatus status, string problem) =>
            ContestScore.Failed(id, group, status, truthPositives, pixels, options.EmptyRule, problem);

        if (!predicted.TryClaim(id, out var predictionPath))
            return (Failed(ImageScoreStatus.MissingPrediction, $"{id}: no prediction in {predicted.Folder}"), Nothing(), false);
        try
        {
            var header = ImageHeaderReader.Read(predictionPath);
            if (header.Width != truth.Width || header.Height != truth.Height)
                return (Failed(ImageScoreStatus.WrongSizePrediction,
                    $"{predictionPath}: prediction is {header.Width}x{header.Height} but the true mask is {truth.Width}x{truth.Height}"), Nothing(), false);

            if (options.PredictionsAreHeatmaps)
            {
                using var gray = _loader.Load(predictionPath, PixelLayout.Gray);
                using var binary = new Mat();
                Cv2.Threshold(gray.Pixels, binary, MaskReader.TamperedAbove, 255, ThresholdTypes.Binary);
                var histogram = PixelHistogram.Of(truth.Binary, gray.Pixels);
                return (ContestScore.Of(id, group, ConfusionCounts.Of(truth.Binary, binary), options.EmptyRule), histogram, false);
            }
            using var mask = _masks.Read(predictionPath);
            var score = ContestScore.Of(id, group, ConfusionCounts.Of(truth.Binary, mask.Binary), options.EmptyRule);
            return (score, null, mask.Encoding == MaskEncoding.ZeroAndOne);
        }
        catch (InputFileException e)
        {
            return (Failed(ImageScoreStatus.UnreadablePrediction, e.Message), Nothing(), false);
        }
    }
}
