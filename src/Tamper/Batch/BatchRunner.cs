namespace Tamper.Batch;

/// <summary>
/// Runs one step per input: skips items whose outputs already exist (a resumed batch), turns a bad
/// input into one failure line and carries on with the rest. Input, data and OpenCV errors are caught
/// per item; anything else is a fault of the tool and stops the batch.
/// </summary>
public static class BatchRunner
{
    /// <param name="isDone">True when the item's outputs exist and it may be skipped.</param>
    /// <param name="process">Processes one item and writes its outputs.</param>
    /// <param name="progress">Called after each item with (done, total).</param>
    /// <param name="onFailure">Called with each failure line as it happens (earlier problems first), so a long batch reports them at once.</param>
    public static BatchSummary Run(IReadOnlyList<BatchItem> items, Func<BatchItem, bool> isDone, Action<BatchItem> process,
        IEnumerable<string>? earlierProblems = null, Action<int, int>? progress = null, Action<string>? onFailure = null)
    {
        var processed = new List<string>();
        var skipped = new List<string>();
        var failures = new List<string>();
        foreach (var problem in earlierProblems ?? [])
        {
            failures.Add(problem);
            onFailure?.Invoke(problem);
        }
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (isDone(item))
                skipped.Add(item.Id);
            else
            {
                try
                {
                    process(item);
                    processed.Add(item.Id);
                }
                catch (Exception e) when (ItemProblem.Describe(item, e) is { } problem)
                {
                    failures.Add(problem);
                    onFailure?.Invoke(problem);
                }
            }
            progress?.Invoke(i + 1, items.Count);
        }
        return new BatchSummary(processed, skipped, failures);
    }
}
