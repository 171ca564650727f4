using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>
/// JPEG ghosts (Farid 2009): re-save at a range of qualities; a region that was compressed before at
/// quality q changes least when re-saved near q, so it shows as a dark "ghost" at a quality where the
/// rest of the image does not. Each pixel's difference curve is divided by its own mean over qualities,
/// which cancels texture; the map is how far a region's curve departs from the image's typical curve at
/// any quality, in either direction (a ghost in the region, or a ghost everywhere but the region).
/// Detail maps "q50".."q95": the normalized difference at each quality (dark = ghost).
/// </summary>
public sealed class GhostAnalyzer : IForensicAnalyzer
{
    private const int Cell = 8;

    public static IReadOnlyList<int> Qualities { get; } = [50, 55, 60, 65, 70, 75, 80, 85, 90, 95];

    public string Name => "ghost";

    public string Description => $"JPEG ghosts: re-save at qualities {Qualities[0]}..{Qualities[^1]}, regions with another compression quality";

    public AnalysisResult Analyze(ForensicInput input)
    {
        var image = input.Image.Pixels;
        var cells = new Size(Math.Max(1, image.Cols / Cell), Math.Max(1, image.Rows / Cell));
        var differences = new List<Mat>();
        try
        {
            foreach (var quality in Qualities)
                differences.Add(CellDifference(image, quality, cells));

            using var mean = new Mat(cells.Height, cells.Width, MatType.CV_32FC1, Scalar.All(0));
            foreach (var difference in differences) Cv2.Add(mean, difference, mean);
            Cv2.Divide(mean, Scalar.All(differences.Count), mean);
            Cv2.Add(mean, Scalar.All(0.5), mean); // a floor for perfectly flat cells

            using var evidence = new Mat(cells.Height, cells.Width, MatType.CV_32FC1, Scalar.All(-10));
            var details = new Dictionary<string, Mat>();
            var findings = new List<Finding>();
            var wholeImage = new List<(int Quality, double Difference)>();
            for (int i = 0; i < Qualities.Count; i++)
            {
                wholeImage.Add((Qualities[i], Cv2.Mean(differences[i]).Val0));
                using var relative = new Mat();
                Cv2.Divide(differences[i], mean, relative);
                var (typical, _) = AnomalyScale.RobustStatistics(relative);
                using var departure = new Mat();
                Cv2.Subtract(relative, Scalar.All(typical), departure);
                Cv2.Absdiff(departure, Scalar.All(0), departure);
                Cv2.Max(evidence, departure, evidence);
                var view = new Mat();
                relative.ConvertTo(view, MatType.CV_32F, 0.5);
                Maps.Clamp01(view);
                details[$"q{Qualities[i]}"] = view;
            }
            using var cellMap = AnomalyScale.HighIsSuspicious(evidence, minimumSigma: 0.05);
            var map = Maps.ToSize(cellMap, image.Cols, image.Rows);
            var flattest = wholeImage.MinBy(entry => entry.Difference);
            findings.Add(new Finding("ghost.least_change_quality", $"the whole image changes least when re-saved at quality {flattest.Quality} of those tried", flattest.Quality));
            findings.Add(new Finding("ghost.suspicious_share", $"{Maps.ShareAbove(cellMap, 0.5):P1} of the image shows a ghost unlike the rest", Maps.ShareAbove(cellMap, 0.5)));
            return new AnalysisResult(Name, map, findings, details);
        }
        finally
        {
            foreach (var difference in differences) difference.Dispose();
        }
    }

    /// <summary>Mean squared difference over channels after re-saving, averaged per 8x8 cell.</summary>
    private static Mat CellDifference(Mat image, int quality, Size cells)
    {
        // per pixel, computed tile by tile: only the float map (160 MB at 40 MP) is image-sized
        using var perPixel = new Mat(image.Size(), MatType.CV_32FC1);
        Maps.ForEachRecompressedTile(image, quality, (tile, part, saved) =>
        {
            using var squares = new Mat();
            using (var difference = new Mat())
            {
                Cv2.Absdiff(part, saved, difference);
                // 16-bit holds 255^2
                difference.ConvertTo(squares, MatType.CV_16U);
            }
            Cv2.Multiply(squares, squares, squares);
            using var rows = squares.Reshape(1, squares.Rows * squares.Cols);
            using var averaged = new Mat();
            Cv2.Reduce(rows, averaged, ReduceDimension.Column, ReduceTypes.Avg, MatType.CV_32F);
            using var squared = averaged.Reshape(1, tile.Height);
            using var target = perPixel[tile];
            squared.CopyTo(target);
        });
        var result = new Mat();
        Cv2.Resize(perPixel, result, cells, 0, 0, InterpolationFlags.Area);
        Cv2.Blur(result, result, new Size(2, 2));
        return result;
    }
}
