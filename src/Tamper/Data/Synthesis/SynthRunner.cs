using System.Text;
using Tamper.Imaging;

namespace Tamper.Data.Synthesis;

/// <summary>
/// Generates <c>count</c> samples in parallel and writes <c>images/&lt;id&gt;.jpg|png</c>,
/// <c>masks/&lt;id&gt;.png</c> and <c>manifest.jsonl</c> (one line per sample, in id order).
/// </summary>
public static class SynthRunner
{
    public sealed record Summary(int Samples, IReadOnlyDictionary<string, int> Operations, TimeSpan Elapsed);

    public static Summary Run(ForgeryGenerator generator, int count, string outputFolder, int threads, ContactSheet? preview = null, Action<int, int>? progress = null)
    {
        var images = Path.Combine(outputFolder, "images");
        var masks = Path.Combine(outputFolder, "masks");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(masks);
        var lines = new string[count];
        var operations = new string[count];
        int done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, index =>
        {
            using var sample = generator.Generate(index);
            ImageWriter.WriteAtomically(Path.Combine(images, sample.Id + sample.Extension), sample.FileBytes);
            ImageWriter.SavePng(sample.Mask, Path.Combine(masks, sample.Id + ".png"));
            preview?.Add(index, sample);
            lines[index] = sample.Manifest.ToJsonString();
            operations[index] = sample.Operation;
            progress?.Invoke(Interlocked.Increment(ref done), count);
        });
        ImageWriter.WriteAtomically(Path.Combine(outputFolder, "manifest.jsonl"), Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var counts = operations.GroupBy(operation => operation).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count());
        return new Summary(count, counts, clock.Elapsed);
    }
}
