namespace Tamper.Metrics;

/// <summary>Everything a scoring run found: totals, per-group totals, per-image scores, problems and notes.</summary>
public sealed record ScoreReport(
    string TruthFolder,
    string PredictionFolder,
    ScoreOptions Options,
    ScoreSummary Overall,
    IReadOnlyList<ScoreSummary> Groups,
    IReadOnlyList<ImageScore> PerImage,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Notes)
{
    /// <summary>Something failed: a prediction or truth file was missing, unreadable or of the wrong size.</summary>
    public bool HasProblems => Problems.Count > 0;
}
