using OpenCvSharp;

namespace Tamper.Fusion;

/// <summary>
/// What <c>tamper fuse</c> fits on, gathered one image at a time (so no image's maps are kept): for every forgery, up to
/// a number of grid cells inside and as many outside its true mask, weighted so that each image counts once and its
/// inside and outside count half each (the contest scores every image alike); and for every image one row of image
/// features, labelled edited or not, each class counting half. Images may come in groups (their sources): then within
/// each class every group counts alike, so that one large source does not decide the weights.
/// </summary>
/// <param name="pixelFeatures">The pixel features to fit (default <see cref="FusionFeatures.Pixel"/>; see <see cref="FusionFeatures.PixelWith"/>).</param>
public sealed class FusionSamples(int cellsPerImage = 2000, int seed = 1, IReadOnlyList<string>? pixelFeatures = null)
{
    private readonly IReadOnlyList<string> _pixelFeatures = pixelFeatures ?? FusionFeatures.Pixel;
    private readonly IReadOnlyList<string> _imageFeatures = FusionFeatures.ImageFor(pixelFeatures ?? FusionFeatures.Pixel);
    private readonly Random _random = new(seed);
    private readonly List<float> _pixelRows = [];
    private readonly List<float> _pixelLabels = [];
    private readonly List<float> _pixelWeights = [];
    private readonly List<float> _imageRows = [];
    private readonly List<float> _imageLabels = [];
    private readonly List<string> _imageGroups = [];
    // per pixel row: the index of the image row it came from
    private readonly List<int> _pixelImages = [];

    public int Edited { get; private set; }

    public int Unedited { get; private set; }

    /// <summary>Forgeries whose true region covers no whole grid cell: they add an image row, no pixel rows.</summary>
    public int TooSmall { get; private set; }

    public int PixelRows => _pixelLabels.Count;

    /// <param name="truth">The true mask (8-bit, any size: scaled to the grid; non-zero = edited); null or empty for an untouched image.</param>
    /// <param name="group">The image's source, when sources are to count alike (<see cref="FusionSamples"/>).</param>
    public void Add(FusionEvidence evidence, Mat? truth, string group = "")
    {
        bool edited = truth is not null && Cv2.CountNonZero(truth) > 0;
        int image = _imageLabels.Count;
        foreach (var feature in _imageFeatures)
            _imageRows.Add((float)evidence.Image(feature));
        _imageLabels.Add(edited ? 1 : 0);
        _imageGroups.Add(group);
        if (!edited)
        {
            Unedited++;
            return;
        }
        Edited++;
        // share of each grid cell that is edited: cells at least half edited are inside, cells untouched outside, the
        // border between them is left out
        using var share = new Mat();
        using (var binary = new Mat())
        {
            truth!.ConvertTo(binary, MatType.CV_32FC1, 1.0 / 255);
            Cv2.Threshold(binary, binary, 0, 1, ThresholdTypes.Binary);
            Cv2.Resize(binary, share, evidence.Grid, 0, 0, InterpolationFlags.Area);
        }
        share.GetArray(out float[] shares);
        var inside = Enumerable.Range(0, shares.Length).Where(cell => shares[cell] >= 0.5f).ToList();
        var outside = Enumerable.Range(0, shares.Length).Where(cell => shares[cell] == 0).ToList();
        if (inside.Count == 0)
        {
            TooSmall++;
            return;
        }
        var maps = _pixelFeatures.Select(feature => Values(evidence.Map(feature))).ToList();
        foreach (var (cells, label) in new[] { (Pick(inside), 1f), (Pick(outside), 0f) })
        {
            foreach (var cell in cells)
            {
                foreach (var map in maps)
                    _pixelRows.Add(map?[cell] ?? 0);
                _pixelLabels.Add(label);
                _pixelWeights.Add(0.5f / cells.Count);
                _pixelImages.Add(image);
            }
        }
    }

    /// <summary>Both regressions; null when there is nothing to fit (no forgery with a region, or no untouched image).</summary>
    public FusionWeights? Fit(double l2, out double pixelLoss, out double imageLoss)
    {
        (pixelLoss, imageLoss) = (double.NaN, double.NaN);
        if (PixelRows == 0 || Edited == 0 || Unedited == 0)
            return null;
        // each class counts half and each group within it alike: an image's weight is 0.5 / groups / images of its group
        var groupSizes = _imageLabels.Zip(_imageGroups).CountBy(row => row).ToDictionary();
        var groupCounts = groupSizes.Keys.CountBy(row => row.First).ToDictionary();
        var imageWeights = _imageLabels.Zip(_imageGroups).Select(row => 0.5f / groupCounts[row.First] / groupSizes[row]).ToArray();
        // pixel rows: each forgery's rows sum to 1 already; rescale so that groups count alike and the total stays the same
        var pixelWeights = _pixelWeights.Select((weight, row) => weight * imageWeights[_pixelImages[row]] * 2 * Edited).ToArray();
        var pixel = LogisticFit.Fit([.. _pixelRows], _pixelFeatures.Count, [.. _pixelLabels], pixelWeights, l2);
        var image = LogisticFit.Fit([.. _imageRows], _imageFeatures.Count, [.. _imageLabels], imageWeights, l2);
        (pixelLoss, imageLoss) = (pixel.Loss, image.Loss);
        return new FusionWeights(
            _pixelFeatures.Select((name, index) => (name, index)).ToDictionary(entry => entry.name, entry => Math.Round(pixel.Weights[entry.index], 4)), Math.Round(pixel.Bias, 4),
            _imageFeatures.Select((name, index) => (name, index)).ToDictionary(entry => entry.name, entry => Math.Round(image.Weights[entry.index], 4)), Math.Round(image.Bias, 4));
    }

    private List<int> Pick(List<int> cells)
    {
        int wanted = Math.Max(1, cellsPerImage / 2);
        if (cells.Count <= wanted)
            return cells;
        // a partial Fisher-Yates shuffle: the first `wanted` cells are a uniform sample
        for (int index = 0; index < wanted; index++)
        {
            int other = _random.Next(index, cells.Count);
            (cells[index], cells[other]) = (cells[other], cells[index]);
        }
        return cells.GetRange(0, wanted);
    }

    private static float[]? Values(Mat? map)
    {
        if (map is null)
            return null;
        map.GetArray(out float[] values);
        return values;
    }
}
