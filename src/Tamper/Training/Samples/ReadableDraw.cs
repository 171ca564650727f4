using Tamper.Data.Synthesis;

namespace Tamper.Training.Samples;

/// <summary>Draws file-backed samples: a file that became unreadable during a long run is skipped for another one, not fatal.</summary>
internal static class ReadableDraw
{
    public const int Attempts = 20;

    public static TrainingSample From<T>(SynthRandom random, IReadOnlyList<T> entries, Func<T, TrainingSample> read)
    {
        for (int attempt = 0; ; attempt++)
        {
            var entry = random.Pick(entries);
            try
            {
                return read(entry);
            }
            catch (InputFileException) when (attempt < Attempts)
            {
            }
        }
    }
}
