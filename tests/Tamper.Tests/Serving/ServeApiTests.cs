using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenCvSharp;
using Tamper.Cli.Serve;
using Tamper.Imaging;
using Tamper.Tests.Support;

namespace Tamper.Tests.Serving;

/// <summary>The HTTP API through the real server (Kestrel on a free loopback port).</summary>
[Collection(TorchCollection.Name)]
public sealed class ServeApiTests : IAsyncLifetime
{
    private TamperServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // the classical method finds a copy-move reliably without a trained model, which keeps this test about the server
        _server = TamperServer.Create(new ServeOptions(Port: 0, Method: "classical", MaxUploadBytes: 400_000, MaxMegapixels: 1.0,
            Workers: 1, QueueLength: 2, MaxWait: TimeSpan.FromSeconds(30), KeepResults: 5));
        await _server.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_server.Urls.Single()), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static (byte[] Png, Mat TrueMask) CopyMoveForgery()
    {
        using var image = Masks.ColorImage(320, 240, seed: 21);
        var (forged, mask) = Forgeries.CopyMove(image, new Rect(30, 40, 70, 60), new Point(200, 140));
        using (forged)
            return (ImageWriter.EncodePng(forged), mask);
    }

    private Task<HttpResponseMessage> Upload(byte[] bytes, string name = "upload.png")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "image", name);
        return _client.PostAsync("/api/detect", form);
    }

    /// <summary>The error message of a response that must have one of the given codes (the body is shown if not).</summary>
    private static async Task<string> Error(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        expected.ShouldContain(response.StatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_forgery_gets_a_full_size_mask_that_overlaps_the_edit()
    {
        var (png, truth) = CopyMoveForgery();
        using (truth)
        {
            using var response = await Upload(png, "../../etc/passwd");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var json = await Json(response);
            json.GetProperty("file_name").GetString().ShouldBe("passwd");
            json.GetProperty("verdict").GetProperty("edited").GetBoolean().ShouldBeTrue();
            json.GetProperty("analysers").EnumerateArray().Single(view => view.GetProperty("name").GetString() == "copymove")
                .GetProperty("pairs").GetArrayLength().ShouldBeGreaterThan(0);
            var maskBytes = await _client.GetByteArrayAsync(json.GetProperty("urls").GetProperty("mask").GetString());
            using var mask = Cv2.ImDecode(maskBytes, ImreadModes.Unchanged);
            (mask.Cols, mask.Rows, mask.Channels()).ShouldBe((320, 240, 1));
            using var overlap = new Mat();
            Cv2.BitwiseAnd(mask, truth, overlap);
            Cv2.CountNonZero(overlap).ShouldBeGreaterThan(Cv2.CountNonZero(truth) / 3);
            foreach (var name in new[] { "overlay", "heat-layer", "mask-layer", "ela", "noise", "ghost", "copymove", "report" })
            {
                using var file = await _client.GetAsync(json.GetProperty("urls").GetProperty(name).GetString());
                file.StatusCode.ShouldBe(HttpStatusCode.OK, name);
            }
        }
    }

    [Fact]
    public async Task Bad_uploads_get_a_4xx_with_a_clear_message()
    {
        var (png, truth) = CopyMoveForgery();
        truth.Dispose();

        using var text = await Upload("just some text, not an image"u8.ToArray(), "notes.txt");
        (await Error(text, HttpStatusCode.UnsupportedMediaType)).ShouldContain("not an image");

        // declared far over the limit (read to its end, then refused: the client must get the 413, not a broken
        // connection, every time), and just over it (refused by the form reader)
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var huge = await Upload(new byte[600_000]);
            (await Error(huge, HttpStatusCode.RequestEntityTooLarge)).ShouldContain("larger than the limit");
        }
        using var over = await Upload(new byte[420_000]);
        (await Error(over, HttpStatusCode.RequestEntityTooLarge)).ShouldContain("larger than the limit");

        using var big = Masks.ColorImage(1200, 1000, seed: 2);
        Cv2.ImEncode(".jpg", big, out var bigJpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 30));
        using var pixels = await Upload(bigJpeg, "big.jpg");
        (await Error(pixels, HttpStatusCode.RequestEntityTooLarge)).ShouldContain("1200x1000");

        using var corrupt = await Upload(png[..(png.Length / 2)], "cut.png");
        (await Error(corrupt, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnsupportedMediaType)).ShouldNotBeNullOrWhiteSpace();

        // a JPEG whose header cannot be parsed (a marker inside its Huffman table): 422 with a message, not a crash
        using var small = Masks.ColorImage(64, 48, seed: 3);
        Cv2.ImEncode(".jpg", small, out var broken);
        int dht = Enumerable.Range(2, broken.Length - 3).First(i => broken[i] == 0xFF && broken[i + 1] == 0xC4);
        (broken[dht + 6], broken[dht + 7]) = (0xFF, 0xDA);
        using var badHeader = await Upload(broken, "dht.jpg");
        (await Error(badHeader, HttpStatusCode.UnprocessableEntity)).ShouldContain("could not be read");

        using var noField = await _client.PostAsync("/api/detect", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        (await Error(noField, HttpStatusCode.BadRequest)).ShouldContain("'image'");

        using var unknown = await _client.GetAsync("/api/results/0123456789abcdef0123456789abcdef/mask.png");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_burst_of_uploads_is_served_or_turned_away_and_the_server_stays_up()
    {
        var (png, truth) = CopyMoveForgery();
        truth.Dispose();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Upload(png)));
        try
        {
            responses.ShouldAllBe(response => response.StatusCode == HttpStatusCode.OK || response.StatusCode == HttpStatusCode.ServiceUnavailable);
            responses.Count(response => response.StatusCode == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(1);
            responses.Count(response => response.StatusCode == HttpStatusCode.OK).ShouldBeLessThanOrEqualTo(20);
            foreach (var busy in responses.Where(response => response.StatusCode == HttpStatusCode.ServiceUnavailable))
                busy.Headers.RetryAfter.ShouldNotBeNull();
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
        using var health = await _client.GetAsync("/api/health");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Json(health)).GetProperty("busy").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_page_is_served_without_external_resources()
    {
        var page = await _client.GetStringAsync("/");
        page.ShouldContain("id=\"file\"");
        page.ShouldNotContain("http://");
        page.ShouldNotContain("https://");
        (await _client.GetStringAsync("/app.js")).ShouldContain("/api/detect");
    }
}
