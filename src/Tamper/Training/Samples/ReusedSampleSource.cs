using Tamper.Data.Synthesis;

namespace Tamper.Training.Samples;

/// <summary>
/// Uses each sample of an expensive source (synthesis) <see cref="Reuse"/> times, each time with its own crop and
/// augmentation (the <see cref="Augmenter"/> runs on a copy): sample number n is the inner source's sample
/// (n / (<see cref="Window"/> × reuse)) × window + n mod window. A sample thus comes back <see cref="Window"/> numbers
/// later, never twice in one batch, and the mapping depends on n alone, so a resumed run still sees exactly the
/// batches it would have seen. At most two windows of samples are kept in memory.
/// </summary>
public sealed class ReusedSampleSource : ISampleSource
{
    /// <summary>Numbers between two uses of a sample (8 steps of batch 8): far enough apart for batches to differ, close enough for a short benchmark to see the steady state.</summary>
    public const int Window = 64;

    private readonly ISampleSource _inner;
    private readonly Dictionary<int, Kept> _kept = [];
    private readonly object _gate = new();
    private readonly int _seed;

    /// <summary>
    /// One inner sample and how many callers are copying it right now: an evicted sample is disposed by whoever is last
    /// done with it, never under a caller that is still copying it (sample workers draw side by side).
    /// </summary>
    private sealed class Kept(Lazy<TrainingSample> sample)
    {
        public Lazy<TrainingSample> Sample { get; } = sample;

        public int Users { get; set; }

        public bool Evicted { get; set; }

        /// <summary>Disposes the sample once it is evicted and nobody uses it (under the gate).</summary>
        public void ReleaseIfDone()
        {
            if (Evicted && Users == 0 && Sample.IsValueCreated)
                Sample.Value.Dispose();
        }
    }

    /// <param name="seed">The run's seed (the inner source's randoms are derived from it and the inner number).</param>
    public ReusedSampleSource(ISampleSource inner, int reuse, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reuse, 1);
        _inner = inner;
        Reuse = reuse;
        // not the run's own seed: the per-number randoms of the batch producer use (seed, number)
        _seed = unchecked(seed ^ 0x5EED);
    }

    public int Reuse { get; }

    public string Name => _inner.Name;

    /// <summary>The inner source's sample number that number <paramref name="index"/> reuses.</summary>
    public int InnerIndex(int index) => index / (Window * Reuse) * Window + index % Window;

    public TrainingSample Draw(SynthRandom random, int index)
    {
        int inner = InnerIndex(index);
        Kept entry;
        lock (_gate)
        {
            if (!_kept.TryGetValue(inner, out entry!))
            {
                // the inner source gets its own seeded random: what it makes depends on the inner number only
                entry = new Kept(new Lazy<TrainingSample>(() => _inner.Draw(new SynthRandom(_seed, inner), inner), LazyThreadSafetyMode.ExecutionAndPublication));
                _kept[inner] = entry;
                Evict(inner);
            }
            entry.Users++;
        }
        try
        {
            // synthesized outside the gate (other numbers' samples are made side by side), copied before it may go
            var kept = entry.Sample.Value;
            return new TrainingSample(kept.Image.Clone(), kept.Mask.Clone());
        }
        finally
        {
            lock (_gate)
            {
                entry.Users--;
                entry.ReleaseIfDone();
            }
        }
    }

    /// <summary>Drops samples two windows or more behind the newest (batches are made in order, a few ahead at most).</summary>
    private void Evict(int newest)
    {
        if (_kept.Count <= 2 * Window)
            return;
        foreach (var old in _kept.Keys.Where(key => key < newest - 2 * Window).ToList())
        {
            var entry = _kept[old];
            _kept.Remove(old);
            entry.Evicted = true;
            entry.ReleaseIfDone();
        }
    }
}
