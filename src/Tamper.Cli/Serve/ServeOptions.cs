using Tamper.Model.Precision;

namespace Tamper.Cli.Serve;

/// <param name="Host">Address to bind (loopback unless told otherwise).</param>
/// <param name="Port">TCP port (0 = any free port; the address is printed).</param>
/// <param name="MaxUploadBytes">Largest accepted upload.</param>
/// <param name="MaxMegapixels">Largest accepted image, checked from the header before decoding.</param>
/// <param name="Workers">Inspections run at once (each holds its own copy of the model).</param>
/// <param name="QueueLength">Uploads that may wait for a worker; beyond that: 503 with Retry-After.</param>
/// <param name="MaxWait">How long a queued upload waits before it gets a 503.</param>
/// <param name="KeepResults">Results kept for download (oldest dropped first; also dropped after an hour).</param>
/// <param name="Precision">Network arithmetic of the learned method.</param>
/// <param name="MaxInFlightBytes">Upload bytes held at once over all requests (default <see cref="DefaultMaxInFlightBytes"/>); more get 503.</param>
public sealed record ServeOptions(
    string Host = "127.0.0.1",
    int Port = 5000,
    string? ModelPath = null,
    string Method = Detection.LearnedDetector.MethodName,
    long MaxUploadBytes = 50L * 1024 * 1024,
    double MaxMegapixels = 100,
    int Workers = 1,
    int QueueLength = 4,
    TimeSpan? MaxWait = null,
    int KeepResults = 100,
    ComputePrecision Precision = ComputePrecision.Fp32,
    long? MaxInFlightBytes = null)
{
    public const long DefaultMaxInFlightBytes = 512L * 1024 * 1024;
}
