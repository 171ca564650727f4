namespace Tamper.Batch;

/// <summary>How a batch went: ids processed, ids skipped because their outputs exist, and failures as one line each.</summary>
public sealed record BatchSummary(IReadOnlyList<string> Processed, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failures)
{
    public bool HasFailures => Failures.Count > 0;
}
