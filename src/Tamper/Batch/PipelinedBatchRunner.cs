using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Tamper.Batch;

/// <summary>
/// <see cref="BatchRunner"/> in three overlapping stages: the next image is read and decoded while the current
/// one is computed, and the previous one's outputs are encoded and written meanwhile, so decoding and PNG
/// encoding no longer leave the cores to wait. Queues hold one item each: at most one image waits before and
/// one after the computation (memory stays bounded by a few images, whatever the batch size). Failures are
/// handled per item and per stage exactly as in <see cref="BatchRunner"/>; a fault of the tool stops the batch
/// and is rethrown on the caller's thread. Items finish in input order.
/// </summary>
public static class PipelinedBatchRunner
{
    /// <param name="load">Reads one item (runs ahead on its own thread).</param>
    /// <param name="compute">Computes its result (on the caller's thread).</param>
    /// <param name="write">Writes the outputs (on its own thread); the loaded item and the result are disposed after it.</param>
    /// <param name="onFailure">Called with each failure line as it happens (under a lock: one at a time).</param>
    public static BatchSummary Run<TLoaded, TResult>(IReadOnlyList<BatchItem> items, Func<BatchItem, bool> isDone,
        Func<BatchItem, TLoaded> load, Func<BatchItem, TLoaded, TResult> compute, Action<BatchItem, TLoaded, TResult> write,
        IEnumerable<string>? earlierProblems = null, Action<int, int>? progress = null, Action<string>? onFailure = null)
        where TLoaded : IDisposable where TResult : IDisposable
    {
        var processed = new List<string>();
        var skipped = new List<string>();
        var failures = new List<string>();
        foreach (var problem in earlierProblems ?? [])
        {
            failures.Add(problem);
            onFailure?.Invoke(problem);
        }
        var gate = new object();
        int finished = 0;
        void Finish()
        {
            lock (gate)
                progress?.Invoke(++finished, items.Count);
        }
        void Fail(string message)
        {
            lock (gate)
            {
                failures.Add(message);
                onFailure?.Invoke(message);
            }
            Finish();
        }

        using var stop = new CancellationTokenSource();
        using var loaded = new BlockingCollection<(BatchItem Item, TLoaded Value)>(boundedCapacity: 1);
        using var computed = new BlockingCollection<(BatchItem Item, TLoaded Value, TResult Result)>(boundedCapacity: 1);
        ExceptionDispatchInfo? fault = null;
        // one stage's loop: a stopped batch ends it quietly, a fault of the tool stops the others and is kept for the caller
        void Stage(Action body, Action? after = null)
        {
            try
            {
                body();
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                lock (gate)
                    fault ??= ExceptionDispatchInfo.Capture(e);
                stop.Cancel();
            }
            finally
            {
                after?.Invoke();
            }
        }

        var reader = Task.Factory.StartNew(() => Stage(() =>
        {
            foreach (var item in items)
            {
                if (isDone(item))
                {
                    lock (gate)
                        skipped.Add(item.Id);
                    Finish();
                    continue;
                }
                var value = Attempt(item, () => load(item), Fail);
                if (value is not null)
                    Hand(loaded, (item, value), stop.Token, value);
            }
        }, loaded.CompleteAdding), TaskCreationOptions.LongRunning);

        var writer = Task.Factory.StartNew(() => Stage(() =>
        {
            foreach (var (item, value, result) in computed.GetConsumingEnumerable(stop.Token))
            {
                using (value)
                using (result)
                {
                    if (Attempt(item, () => { write(item, value, result); return true; }, Fail))
                    {
                        lock (gate)
                            processed.Add(item.Id);
                        Finish();
                    }
                }
            }
        }), TaskCreationOptions.LongRunning);

        Stage(() =>
        {
            foreach (var (item, value) in loaded.GetConsumingEnumerable(stop.Token))
            {
                var result = Attempt(item, () => compute(item, value), Fail);
                if (result is null)
                {
                    value.Dispose();
                    continue;
                }
                Hand(computed, (item, value, result), stop.Token, value, result);
            }
        }, computed.CompleteAdding);
        Task.WaitAll(reader, writer);
        fault?.Throw();
        return new BatchSummary(processed, skipped, failures);
    }

    /// <summary>Passes an item to the next stage; when the batch is being stopped, disposes what it holds instead.</summary>
    private static void Hand<T>(BlockingCollection<T> queue, T entry, CancellationToken stop, params IDisposable[] held)
    {
        try
        {
            queue.Add(entry, stop);
        }
        catch (OperationCanceledException)
        {
            foreach (var disposable in held)
                disposable.Dispose();
            throw;
        }
    }

    /// <summary>Runs one stage of one item; a problem with the input is reported through <paramref name="fail"/> (default returned), anything else propagates.</summary>
    private static T? Attempt<T>(BatchItem item, Func<T> stage, Action<string> fail)
    {
        try
        {
            return stage();
        }
        catch (Exception e) when (ItemProblem.Describe(item, e) is { } problem)
        {
            fail(problem);
            return default;
        }
    }
}
