using System.Diagnostics;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Benchmarks;

/// <summary>
/// Times decoding, each analyzer, the whole classical detector and the learned detector (decode, model and
/// mask encoding: what <c>detect</c> does per image; one row per precision, with the model's own time and the
/// peak resident memory while it ran) on the same images in one run, so the figures can be
/// compared side by side; reports medians over (image, run) samples, in seconds and per
/// megapixel. Timings are wall-clock on this machine and vary with its load: compare rows of one run.
/// </summary>
public static class ForensicBenchmark
{
    public static IReadOnlyList<BenchRow> Run(IReadOnlyList<(string Name, byte[] Bytes)> images, IReadOnlyList<IForensicAnalyzer> analyzers,
        bool includeDetector, int runs, ImageLoader loader, Action<string>? onStep = null, IReadOnlyList<(string Label, IDetector Detector)>? learned = null)
    {
        var samples = new Dictionary<string, List<(double Seconds, double Megapixels)>>();
        void Add(string step, double seconds, double megapixels)
        {
            if (!samples.TryGetValue(step, out var list)) samples[step] = list = [];
            list.Add((seconds, megapixels));
        }

        foreach (var (name, bytes) in images)
        {
            for (int run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                using var image = loader.Load(bytes, name);
                var input = new ForensicInput(name, image, bytes);
                Add("decode", clock.Elapsed.TotalSeconds, input.Megapixels);
                foreach (var analyzer in analyzers)
                {
                    onStep?.Invoke($"{name}: {analyzer.Name} (run {run + 1}/{runs})");
                    clock.Restart();
                    using (analyzer.Analyze(input)) { }
                    Add(analyzer.Name, clock.Elapsed.TotalSeconds, input.Megapixels);
                }
                if (includeDetector)
                {
                    onStep?.Invoke($"{name}: classical detector (run {run + 1}/{runs})");
                    clock.Restart();
                    using (new ClassicalDetector(analyzers).Detect(input)) { }
                    Add("detect (classical)", clock.Elapsed.TotalSeconds, input.Megapixels);
                }
            }
        }
        var peaks = new Dictionary<string, double>();
        foreach (var (label, detector) in learned ?? [])
        {
            // one detector at a time over all images, so each has its own peak resident memory
            using var sampler = new ResidentMemorySampler();
            foreach (var (name, bytes) in images)
            {
                for (int run = 0; run < runs; run++)
                {
                    onStep?.Invoke($"{name}: {label} (run {run + 1}/{runs})");
                    var clock = Stopwatch.StartNew();
                    using var decoded = loader.Load(bytes, name);
                    var input = new ForensicInput(name, decoded, bytes);
                    using var result = detector.Detect(input);
                    ImageWriter.EncodePng(result.Mask);
                    Add($"detect ({label}: decode + detector + mask PNG)", clock.Elapsed.TotalSeconds, input.Megapixels);
                    Add($"model only ({label})", result.SecondsPerStep["model"], input.Megapixels);
                }
            }
            peaks[$"detect ({label}: decode + detector + mask PNG)"] = sampler.PeakMebibytes;
        }
        return samples.Select(entry => new BenchRow(entry.Key, entry.Value.Count,
            Median(entry.Value.Select(sample => sample.Seconds)),
            Median(entry.Value.Select(sample => sample.Seconds / sample.Megapixels)),
            peaks.TryGetValue(entry.Key, out var peak) ? peak : null)).ToList();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
