using Tamper.Batch;
using Tamper.Data;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Fusion;
using Tamper.Imaging;

namespace Tamper.Calibration;

/// <summary>
/// Fits a model's learned fusion (<see cref="FusionWeights"/>) on labeled images: every image runs through the fused
/// detector once (<see cref="FusedDetector.Collect"/>), its evidence is sampled (<see cref="FusionSamples"/>) and
/// released, and the two regressions are fitted at the end. An image that cannot be read is reported and skipped.
/// </summary>
public static class FusionFit
{
    /// <summary>The fitted weights (null when there was nothing to fit) and what they were fitted on.</summary>
    public sealed record Outcome(FusionWeights? Weights, int Edited, int Unedited, int TooSmall, int PixelRows, double PixelLoss, double ImageLoss, IReadOnlyList<string> Problems);

    /// <param name="authentic">Untouched images without mask files (true mask empty).</param>
    /// <param name="balanceSources">Let every source count alike within forgeries and within untouched images (<see cref="SourceOf"/>).</param>
    public static Outcome Run(FusedDetector detector, IReadOnlyList<SamplePair> pairs, IReadOnlyList<string> authentic, ImageLoader loader,
        int cellsPerImage = 2000, int seed = 1, double l2 = 1e-3, Action<int, int>? progress = null, bool balanceSources = false)
    {
        var samples = new FusionSamples(cellsPerImage, seed, FusionFeatures.PixelWith(detector.FusionAnalyzers.Select(analyzer => analyzer.Name)));
        var masks = new MaskReader(loader);
        var problems = new List<string>();
        var items = pairs.Select(pair => (pair.ImagePath, (string?)pair.MaskPath)).Concat(authentic.Select(path => (path, (string?)null))).ToList();
        for (int index = 0; index < items.Count; index++)
        {
            var (imagePath, maskPath) = items[index];
            try
            {
                using var input = ForensicInput.Load(imagePath, loader);
                using var truth = maskPath is null ? null : masks.Read(maskPath);
                var (evidence, _, _) = detector.Collect(input);
                using (evidence)
                    samples.Add(evidence, truth?.Binary, balanceSources ? SourceOf(imagePath) : "");
            }
            catch (Exception e) when (ItemProblem.Describe(new BatchItem(FileStems.Of(imagePath), imagePath), e) is { } problem)
            {
                problems.Add(problem);
            }
            progress?.Invoke(index + 1, items.Count);
        }
        var weights = samples.Fit(l2, out var pixelLoss, out var imageLoss);
        return new Outcome(weights, samples.Edited, samples.Unedited, samples.TooSmall, samples.PixelRows, pixelLoss, imageLoss, problems);
    }

    /// <summary>An image's source: its folder, and within it the file-name prefix up to the first '_' when there is one
    /// (<c>comofod_012.png</c> and <c>mtn_3.jpg</c> in one folder are two sources; <c>12084.jpg</c> belongs to its folder's).</summary>
    public static string SourceOf(string path)
    {
        var name = Path.GetFileName(path);
        var underscore = name.IndexOf('_');
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? "";
        return underscore > 0 ? $"{folder}/{name[..underscore]}" : folder;
    }
}
