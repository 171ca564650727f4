using OpenCvSharp;

namespace Tamper.Metrics;

/// <summary>Pixel confusion matrix of a predicted mask against a true mask (tampered = positive).</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public long TruthPositives => TruePositives + FalseNegatives;

    public long PredictedPositives => TruePositives + FalsePositives;

    public long Pixels => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>2TP / (2TP + FP + FN); 0 when both masks are empty (the empty-truth rule decides that case).</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>TP / (TP + FP + FN); 0 when both masks are empty.</summary>
    public double Iou => Ratio(TruePositives, TruePositives + FalsePositives + FalseNegatives);

    public static ConfusionCounts operator +(ConfusionCounts a, ConfusionCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
            a.FalseNegatives + b.FalseNegatives, a.TrueNegatives + b.TrueNegatives);

    /// <summary>Counts from two same-size CV_8UC1 masks, non-zero = tampered.</summary>
    public static ConfusionCounts Of(Mat truth, Mat predicted)
    {
        if (truth.Size() != predicted.Size())
            throw new ArgumentException($"mask sizes differ: {truth.Size()} vs {predicted.Size()}");
        using var both = new Mat();
        Cv2.BitwiseAnd(truth, predicted, both);
        long truePositives = Cv2.CountNonZero(both);
        long truthPositives = Cv2.CountNonZero(truth);
        long predictedPositives = Cv2.CountNonZero(predicted);
        long pixels = (long)truth.Rows * truth.Cols;
        return new ConfusionCounts(truePositives, predictedPositives - truePositives, truthPositives - truePositives,
            pixels - truthPositives - predictedPositives + truePositives);
    }

    /// <summary>Counts when nothing was predicted (a missing or unusable prediction).</summary>
    public static ConfusionCounts NothingPredicted(long truthPositives, long pixels) =>
        new(0, 0, truthPositives, pixels - truthPositives);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
