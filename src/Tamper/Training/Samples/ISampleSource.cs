using Tamper.Data.Synthesis;

namespace Tamper.Training.Samples;

/// <summary>Where training images come from: dataset folders, or the synthetic generator on the fly.</summary>
public interface ISampleSource
{
    string Name { get; }

    /// <summary>Sample number <paramref name="index"/> of the run; <paramref name="random"/> is that sample's own seeded source.</summary>
    TrainingSample Draw(SynthRandom random, int index);
}
