namespace Tamper.Serving;

/// <summary>
/// Bounds the work a server does at once: at most <see cref="Workers"/> jobs run, at most
/// <see cref="QueueLength"/> more wait (each up to a time limit); anything beyond is turned away at once,
/// so a burst of uploads never runs more models than configured nor piles up without end.
/// </summary>
public sealed class WorkGate(int workers, int queueLength, TimeSpan maxWait) : IDisposable
{
    private readonly SemaphoreSlim _running = new(Math.Max(1, workers), Math.Max(1, workers));
    private int _admitted;

    public int Workers { get; } = Math.Max(1, workers);

    public int QueueLength { get; } = Math.Max(0, queueLength);

    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>Jobs running or waiting now.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>A slot to run in (dispose it when done), or null when the queue is full or the wait ran out.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancel)
    {
        if (Interlocked.Increment(ref _admitted) > Workers + QueueLength)
        {
            Interlocked.Decrement(ref _admitted);
            return null;
        }
        try
        {
            if (await _running.WaitAsync(MaxWait, cancel))
                return new Slot(this);
        }
        catch (OperationCanceledException)
        {
        }
        Interlocked.Decrement(ref _admitted);
        return null;
    }

    public void Dispose() => _running.Dispose();

    private sealed class Slot(WorkGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            gate._running.Release();
            Interlocked.Decrement(ref gate._admitted);
        }
    }
}
