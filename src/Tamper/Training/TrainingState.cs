using System.Text.Json;
using Tamper.Imaging;
using Tamper.Model.Checkpoints;

namespace Tamper.Training;

/// <summary>
/// The resumable part of a run (<c>state.json</c>): where it is, what it measured so far, and the options it
/// was started with. Weights and optimizer moments sit beside it (<c>last.tamper</c>, <c>last.optimizer</c>).
/// </summary>
public sealed record TrainingState(TrainOptions Options, long Step, double Seconds, double BestScore, int BestEpoch, IReadOnlyList<EpochRecord> History)
{
    public const string FileName = "state.json";

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    public void Save(string folder) =>
        ImageWriter.WriteAtomically(PathIn(folder), JsonSerializer.SerializeToUtf8Bytes(this, ModelFile.Json));

    public static TrainingState Load(string folder)
    {
        var path = PathIn(folder);
        if (!File.Exists(path))
            throw new InputFileException(folder, $"nothing to resume: no {FileName} in the run folder");
        try
        {
            return JsonSerializer.Deserialize<TrainingState>(File.ReadAllBytes(path), ModelFile.Json)
                ?? throw new InputFileException(path, "empty training state");
        }
        catch (JsonException e)
        {
            throw new InputFileException(path, $"damaged training state ({e.Message})");
        }
    }
}
