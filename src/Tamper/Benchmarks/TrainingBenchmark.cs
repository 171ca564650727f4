using System.Diagnostics;
using Tamper.Model.Precision;
using Tamper.Training;

namespace Tamper.Benchmarks;

/// <summary>
/// Crops per second of the whole training loop (sample synthesis and augmentation on their worker threads,
/// forward, backward, optimizer step) for each precision and each synthesis reuse (fresh samples against a pool
/// reused with fresh augmentation), measured one after the other in one process on the same samples. The first
/// steps (allocation, oneDNN kernel selection) are not counted.
/// </summary>
public static class TrainingBenchmark
{
    public const int WarmupSteps = 3;

    /// <param name="template">The run to time (its output folder is replaced by a temporary one per precision).</param>
    /// <param name="steps">Timed steps per precision, after <see cref="WarmupSteps"/>.</param>
    /// <param name="reuses">Values of <see cref="TrainOptions.SynthesisReuse"/> to time (1 = fresh samples only).</param>
    public static IReadOnlyList<TrainingSpeed> Run(TrainOptions template, IReadOnlyList<ComputePrecision> precisions, int steps, Action<string>? onStep = null, IReadOnlyList<int>? reuses = null)
    {
        var speeds = new List<TrainingSpeed>();
        foreach (var precision in precisions)
        foreach (var reuse in reuses ?? [1])
        {
            var folder = Path.Combine(Path.GetTempPath(), "tamper-bench-train-" + Guid.NewGuid().ToString("N"));
            try
            {
                int total = WarmupSteps + steps;
                var options = template with
                {
                    Output = folder,
                    Validation = [],
                    Epochs = 1,
                    EpochCrops = total * template.Batch,
                    Precision = precision,
                    SynthesisReuse = reuse,
                };
                TorchSharp.torch.random.manual_seed(options.Seed);
                using var trainer = Trainer.Start(options);
                var stepTimes = new List<double>();
                var clock = Stopwatch.StartNew();
                trainer.Run(CancellationToken.None, progress =>
                {
                    stepTimes.Add(clock.Elapsed.TotalSeconds);
                    clock.Restart();
                    onStep?.Invoke($"train {PrecisionChoice.Name(precision)}, reuse {reuse}: step {progress.Step}/{total}");
                });
                var timed = stepTimes.Skip(WarmupSteps).ToList();
                speeds.Add(new TrainingSpeed(precision, reuse, timed.Count, template.Batch, template.Crop,
                    timed.Count * template.Batch / Math.Max(1e-9, timed.Sum()), template.Batch / ForensicBenchmark.Median(timed)));
            }
            finally
            {
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
            }
        }
        return speeds;
    }
}
