using OpenCvSharp;

namespace Tamper.Metrics;

/// <summary>For one image: how many tampered and how many authentic pixels got each predicted gray level.</summary>
public sealed class PixelHistogram
{
    public const int Levels = 256;

    private PixelHistogram(long[] positives, long[] negatives)
    {
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>Counts of truly tampered pixels per predicted level.</summary>
    public long[] Positives { get; }

    /// <summary>Counts of authentic pixels per predicted level.</summary>
    public long[] Negatives { get; }

    /// <summary><paramref name="truth"/> non-zero = tampered, <paramref name="predicted"/> gray levels; same size, CV_8UC1.</summary>
    public static unsafe PixelHistogram Of(Mat truth, Mat predicted)
    {
        if (truth.Size() != predicted.Size() || truth.Type() != MatType.CV_8UC1 || predicted.Type() != MatType.CV_8UC1)
            throw new ArgumentException("truth and prediction must be same-size CV_8UC1 images");
        var positives = new long[Levels];
        var negatives = new long[Levels];
        int rows = truth.Rows, cols = truth.Cols;
        for (int row = 0; row < rows; row++)
        {
            var t = (byte*)truth.Ptr(row);
            var p = (byte*)predicted.Ptr(row);
            for (int col = 0; col < cols; col++)
            {
                if (t[col] != 0) positives[p[col]]++;
                else negatives[p[col]]++;
            }
        }
        return new PixelHistogram(positives, negatives);
    }

    /// <summary>The histogram of a prediction that is all zero (missing or unusable).</summary>
    public static PixelHistogram NothingPredicted(long truthPositives, long pixels)
    {
        var positives = new long[Levels];
        var negatives = new long[Levels];
        positives[0] = truthPositives;
        negatives[0] = pixels - truthPositives;
        return new PixelHistogram(positives, negatives);
    }

    /// <summary>Confusion counts when "tampered" means a predicted level above <paramref name="threshold"/>.</summary>
    public ConfusionCounts CountsAbove(int threshold) => CountsAbove(Positives, Negatives, threshold);

    internal static ConfusionCounts CountsAbove(long[] positives, long[] negatives, int threshold)
    {
        long truePositives = 0, falsePositives = 0, allPositives = 0, allNegatives = 0;
        for (int level = 0; level < Levels; level++)
        {
            allPositives += positives[level];
            allNegatives += negatives[level];
            if (level > threshold)
            {
                truePositives += positives[level];
                falsePositives += negatives[level];
            }
        }
        return new ConfusionCounts(truePositives, falsePositives, allPositives - truePositives, allNegatives - falsePositives);
    }
}
