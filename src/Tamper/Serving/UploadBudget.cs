namespace Tamper.Serving;

/// <summary>
/// A global limit on upload bytes in flight: each request reserves its declared size before its body is read and
/// gives it back when answered. A request that does not fit is turned away at once, so what the server holds (in
/// memory or in its temporary files) is bounded by configuration, not by the number of clients.
/// </summary>
public sealed class UploadBudget(long bytes)
{
    private long _reserved;

    public long Bytes { get; } = Math.Max(1, bytes);

    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>A reservation (dispose it when the request is answered), or null when it does not fit now.</summary>
    public IDisposable? TryReserve(long bytes)
    {
        if (bytes > Bytes)
            return null;
        while (true)
        {
            long current = Interlocked.Read(ref _reserved);
            if (current + bytes > Bytes)
                return null;
            if (Interlocked.CompareExchange(ref _reserved, current + bytes, current) == current)
                return new Reservation(this, bytes);
        }
    }

    private sealed class Reservation(UploadBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Interlocked.Add(ref budget._reserved, -bytes);
        }
    }
}
