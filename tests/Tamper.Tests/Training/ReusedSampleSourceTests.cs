using System.Collections.Concurrent;
using OpenCvSharp;
using Tamper.Data.Synthesis;
using Tamper.Training.Samples;

namespace Tamper.Tests.Training;

public sealed class ReusedSampleSourceTests
{
    /// <summary>An inner source whose sample n is a flat image of value n mod 251, counting its draws.</summary>
    private sealed class CountingSource : ISampleSource
    {
        public ConcurrentDictionary<int, int> Draws { get; } = new();

        public string Name => "counting";

        public TrainingSample Draw(SynthRandom random, int index)
        {
            Draws.AddOrUpdate(index, 1, (_, count) => count + 1);
            return new TrainingSample(new Mat(8, 8, MatType.CV_8UC3, Scalar.All(index % 251)), new Mat(8, 8, MatType.CV_8UC1, Scalar.All(0)));
        }
    }

    [Fact]
    public void Each_inner_sample_is_made_once_and_used_reuse_times_never_twice_within_a_window()
    {
        var inner = new CountingSource();
        var source = new ReusedSampleSource(inner, reuse: 4, seed: 1);
        int window = ReusedSampleSource.Window, total = 3 * window * 4;
        var used = new int[total];
        for (int number = 0; number < total; number++)
        {
            using var sample = source.Draw(new SynthRandom(1, number), number);
            used[number] = source.InnerIndex(number);
            sample.Image.At<Vec3b>(0, 0).Item0.ShouldBe((byte)(used[number] % 251));
        }
        // 3 blocks of 4 windows: 3 windows' worth of inner samples, each synthesized exactly once and used 4 times
        inner.Draws.Count.ShouldBe(3 * window);
        inner.Draws.Values.ShouldAllBe(count => count == 1);
        used.GroupBy(index => index).ShouldAllBe(group => group.Count() == 4);
        for (int number = 0; number + window <= total; number += window)
            used.Skip(number).Take(window).Distinct().Count().ShouldBe(window);
    }

    [Fact]
    public void The_sample_of_a_number_does_not_depend_on_order_or_threads_and_callers_get_copies()
    {
        var ordered = new ReusedSampleSource(new CountingSource(), reuse: 3, seed: 2);
        var shuffled = new ReusedSampleSource(new CountingSource(), reuse: 3, seed: 2);
        var numbers = Enumerable.Range(0, 400).ToArray();
        var expected = numbers.Select(number => { using var sample = ordered.Draw(new SynthRandom(2, number), number); return sample.Image.At<Vec3b>(0, 0).Item0; }).ToArray();
        var actual = new byte[numbers.Length];
        // batches are made a few steps ahead on several workers: numbers arrive out of order, close together
        Parallel.ForEach(numbers.Chunk(24).SelectMany(chunk => chunk.Reverse()), new ParallelOptions { MaxDegreeOfParallelism = 4 }, number =>
        {
            using var sample = shuffled.Draw(new SynthRandom(2, number), number);
            actual[number] = sample.Image.At<Vec3b>(0, 0).Item0;
            sample.Image.SetTo(Scalar.All(255)); // augmentation changes the caller's copy only
        });
        actual.ShouldBe(expected);
        using var again = shuffled.Draw(new SynthRandom(2, 399), 399);
        again.Image.At<Vec3b>(0, 0).Item0.ShouldBe(expected[399]);
    }

    [Fact]
    public void Reuse_one_passes_every_number_through()
    {
        var source = new ReusedSampleSource(new CountingSource(), reuse: 1, seed: 3);
        Enumerable.Range(0, 300).Select(source.InnerIndex).ShouldBe(Enumerable.Range(0, 300));
    }
}
