namespace Tamper.Benchmarks;

/// <summary>One timed step over a set of images: medians over every (image, run) sample.</summary>
/// <param name="PeakMebibytes">Peak resident memory of the process while this step ran alone (where measured).</param>
public sealed record BenchRow(string Name, int Samples, double MedianSeconds, double MedianSecondsPerMegapixel, double? PeakMebibytes = null)
{
    public double MegapixelsPerSecond => MedianSecondsPerMegapixel > 0 ? 1 / MedianSecondsPerMegapixel : double.PositiveInfinity;
}
