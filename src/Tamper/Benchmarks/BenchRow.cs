namespace Tamper.Benchmarks;

/// <summary>One timed step over a set of images: medians over every (image, run) sample.</summary>
public sealed record BenchRow(string Name, int Samples, double MedianSeconds, double MedianSecondsPerMegapixel)
{
    public double MegapixelsPerSecond => MedianSecondsPerMegapixel > 0 ? 1 / MedianSecondsPerMegapixel : double.PositiveInfinity;
}
