namespace Tamper.Cli.Serve;

/// <summary>
/// Hands memory back once a burst of large uploads is over: when the last upload in flight, accepted or refused, is
/// done and one of the burst's bodies was large. Releasing after each accepted upload instead left whatever the
/// refused ones' draining allocated afterwards.
/// </summary>
public sealed class BurstRelease(long largeBytes, Action release)
{
    private int _inFlight;
    private int _largeSeen;

    /// <summary>Counts an upload in until the returned handle is disposed.</summary>
    public IDisposable Enter(long? contentLength)
    {
        Interlocked.Increment(ref _inFlight);
        if (contentLength >= largeBytes)
            Volatile.Write(ref _largeSeen, 1);
        return new Upload(this);
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Interlocked.Exchange(ref _largeSeen, 0) == 1)
            release();
    }

    private sealed class Upload(BurstRelease owner) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                owner.Leave();
        }
    }
}
