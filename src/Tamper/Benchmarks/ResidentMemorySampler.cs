using System.Diagnostics;

namespace Tamper.Benchmarks;

/// <summary>
/// The highest resident memory of this process while the sampler lives (polled every 5 ms): the process's own
/// peak working set only ever grows, so it cannot tell two steps of one run apart.
/// </summary>
public sealed class ResidentMemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private long _peak;

    public ResidentMemorySampler()
    {
        _peak = Current();
        _poller = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = Current();
                if (now > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, now);
                try { await Task.Delay(5, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
    }

    public double PeakMebibytes => Math.Max(Interlocked.Read(ref _peak), Current()) / 1048576.0;

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _poller.Wait();
        _stop.Dispose();
    }
}
