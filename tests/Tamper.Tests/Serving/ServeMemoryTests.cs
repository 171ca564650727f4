using System.Net;
using System.Net.Http.Headers;
using OpenCvSharp;
using Tamper.Tests.Support;
using Xunit.Abstractions;

namespace Tamper.Tests.Serving;

/// <summary>The server's memory is bounded by its configuration, not by the number of clients (a real serve process).</summary>
public sealed class ServeMemoryTests(ITestOutputHelper log)
{
    private const long Megabyte = 1L << 20;

    [SkippableFact]
    public async Task Eighty_concurrent_50_MB_uploads_keep_the_server_under_1_5_GB_and_it_returns_near_its_idle_memory()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "resident memory is read from /proc");
        using var server = CliProcess.Start("serve", "--port", "0", "--method", "classical");
        var line = server.WaitForOutput(text => text.Contains("serving http"), TimeSpan.FromMinutes(2));
        var url = line[line.IndexOf("http", StringComparison.Ordinal)..].Split(' ')[0].TrimEnd(',');
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };

        using var image = Masks.ColorImage(800, 600, seed: 5);
        Cv2.ImEncode(".jpg", image, out var jpeg);
        using (var warm = await Post(client, jpeg))
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(1000);
        long idle = server.ResidentBytes();

        // a real JPEG padded to 50 MB (decoders stop at its end marker): every upload is as large as the limit allows
        var payload = new byte[50_000_000];
        jpeg.CopyTo(payload, 0);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentBytes());
                await Task.Delay(20);
            }
        });
        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Post(client, payload)));
        await stop.CancelAsync();
        await sampler;
        var statuses = responses.Select(response => response.StatusCode).ToList();
        foreach (var response in responses) response.Dispose();

        long after = long.MaxValue;
        for (int wait = 0; wait < 40 && after > idle + 200 * Megabyte; wait++)
        {
            await Task.Delay(250);
            after = Math.Min(after, server.ResidentBytes());
        }
        log.WriteLine($"idle {idle / Megabyte} MiB, peak {peak / Megabyte} MiB, after {after / Megabyte} MiB; "
            + string.Join(", ", statuses.GroupBy(status => (int)status).Select(group => $"{group.Count()} x {group.Key}")));
        statuses.ShouldAllBe(status => status == HttpStatusCode.OK || status == HttpStatusCode.ServiceUnavailable);
        statuses.ShouldContain(HttpStatusCode.OK);
        peak.ShouldBeLessThan(1536 * Megabyte);
        after.ShouldBeLessThan(idle + 200 * Megabyte);
        server.WaitForOutput(text => text.Contains("POST /api/detect 503") && text.Contains("busy"), TimeSpan.FromSeconds(10));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return client.PostAsync("/api/detect", new MultipartFormDataContent { { content, "image", "big.jpg" } });
    }
}
