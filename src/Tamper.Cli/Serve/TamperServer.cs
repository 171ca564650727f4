using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;
using Tamper.Inspection;
using Tamper.Model.Prediction;
using Tamper.Native;
using Tamper.Serving;

namespace Tamper.Cli.Serve;

/// <summary>
/// <c>tamper serve</c>: the web page (static files beside the binaries, no CDN) and the HTTP API.
/// <c>POST /api/detect</c> takes a multipart upload in the field <c>image</c>: size limit enforced while
/// reading, format sniffed from the bytes and pixel count checked from the header before anything is
/// decoded, then the inspection runs through a <see cref="WorkGate"/> (a full queue answers 503 with
/// Retry-After). Upload bytes in flight are bounded by an <see cref="UploadBudget"/>. Every answer that is not a
/// success is JSON <c>{"error": ...}</c>; every request is one log line. Results live in a bounded
/// <see cref="ResultStore"/> under random ids.
/// </summary>
public sealed class TamperServer : IAsyncDisposable
{
    private const int RetryAfterSeconds = 5;

    private readonly WebApplication _app;
    private readonly ServeOptions _options;
    private readonly ConcurrentBag<Inspector> _inspectors = [];
    private readonly WorkGate _gate;
    private readonly UploadBudget _budget;
    private readonly ResultStore _store;
    private readonly ImageLimits _limits;
    private readonly ImageLoader _loader;
    private readonly string? _modelName;
    private readonly BurstRelease _burst = new(LargeUploadBytes, FreeMemory.Release);

    private TamperServer(ServeOptions options)
    {
        _options = options;
        _limits = new ImageLimits((long)(options.MaxMegapixels * 1_000_000), options.MaxUploadBytes);
        _loader = new ImageLoader(_limits);
        for (int worker = 0; worker < Math.Max(1, options.Workers); worker++)
            _inspectors.Add(new Inspector(DetectorRegistry.Create(options.Method, modelPath: options.ModelPath, predictor: new PredictorOptions(Precision: options.Precision)), AnalyzerRegistry.Parse(null)));
        _modelName = _inspectors.First().Detector.ModelPath is { } modelPath ? Path.GetFileName(modelPath) : null;
        _gate = new WorkGate(options.Workers, options.QueueLength, options.MaxWait ?? TimeSpan.FromSeconds(60));
        _store = new ResultStore(capacity: options.KeepResults);
        _budget = new UploadBudget(options.MaxInFlightBytes ?? ServeOptions.DefaultMaxInFlightBytes);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        // one line per request (RequestLog), the framework's own messages only from warnings up
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // the body limit is enforced while reading: a larger upload is cut off, not buffered
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + MultipartOverhead;
            kestrel.Listen(Address(options.Host) ?? throw new ArgumentException($"--host '{options.Host}' is not an IP address or localhost"), options.Port);
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxUploadBytes);
        _app = builder.Build();
        _app.Use(RequestLog.Middleware(_app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("tamper.serve")));
        _app.UseDefaultFiles();
        _app.UseStaticFiles();
        _app.MapGet("/api/health", Health);
        _app.MapPost("/api/detect", DetectAsync);
        _app.MapGet("/api/results/{id}/{name}", Result);
    }

    /// <summary>Builds the server; loads the model (a bad model file throws <see cref="InputFileException"/>).</summary>
    public static TamperServer Create(ServeOptions options) => new(options);

    public async Task StartAsync(CancellationToken cancel = default) => await _app.StartAsync(cancel);

    /// <summary>Where it listens (the real port when 0 was asked for), e.g. http://127.0.0.1:5000.</summary>
    public IReadOnlyList<string> Urls => [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    public Task WaitForShutdownAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    public static bool IsListenAddress(string host) => Address(host) is not null;

    private static IPAddress? Address(string host) => host.Trim().ToLowerInvariant() switch
    {
        "localhost" => IPAddress.Loopback,
        "*" => IPAddress.Any,
        var text => IPAddress.TryParse(text, out var address) ? address : null,
    };

    private IResult Health() => Results.Json(new
    {
        status = "ok",
        method = _options.Method,
        model = _modelName,
        workers = _gate.Workers,
        queue = _gate.QueueLength,
        busy = _gate.Admitted,
        max_upload_bytes = _options.MaxUploadBytes,
        max_megapixels = _options.MaxMegapixels,
    });

    /// <summary>
    /// One upload: its bytes reserved from the budget before the body is read (the form reader keeps a file part on
    /// disk beyond 64 KiB), its header checked from that file, and only then, with a work slot held, read into memory,
    /// decoded and inspected. So memory grows with the workers, never with the clients.
    /// </summary>
    private async Task<IResult> DetectAsync(HttpRequest request, CancellationToken cancel)
    {
        using var upload = _burst.Enter(request.ContentLength);
        if (!request.HasFormContentType)
            return Problem(StatusCodes.Status400BadRequest, "send the image as multipart/form-data in the field 'image'");
        if (request.ContentLength is { } length && length > BodyLimit)
            return await RefuseUnreadAsync(request, TooLarge(), cancel);
        using var reservation = _budget.TryReserve(request.ContentLength ?? BodyLimit);
        if (reservation is null)
            return await RefuseUnreadAsync(request, Busy("busy: too many uploads in flight, try again shortly"), cancel);
        var (file, refusal) = await ReadUploadAsync(request, cancel);
        if (refusal is not null)
            return refusal;
        ImageHeader header;
        try
        {
            await using var stream = file!.OpenReadStream();
            header = ImageHeaderReader.Read(stream, "upload");
        }
        catch (InputFileException e)
        {
            return e.Problem.StartsWith("not an image", StringComparison.Ordinal) || e.Problem.StartsWith("unsupported image format", StringComparison.Ordinal)
                ? Problem(StatusCodes.Status415UnsupportedMediaType, $"not an image this tool reads (JPEG, PNG, TIFF, BMP, WebP, GIF): {e.Problem}")
                : Problem(StatusCodes.Status422UnprocessableEntity, $"the image could not be read: {e.Problem}");
        }
        if (header.Pixels > _limits.MaxPixels)
            return Problem(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"image is {header.Width}x{header.Height} ({header.Pixels / 1e6:0.0} MP), above the limit of {_options.MaxMegapixels:0.#} MP"));

        var slot = await _gate.EnterAsync(cancel);
        if (slot is null)
            return Busy("busy: too many images in the queue, try again shortly");
        try
        {
            var bytes = new byte[file!.Length];
            await using (var stream = file.OpenReadStream())
                await stream.ReadExactlyAsync(bytes, cancel);
            return await InspectAsync(bytes, header, ShownName(file), cancel);
        }
        finally
        {
            slot.Dispose();
        }
    }

    /// <summary>
    /// After a burst with an upload this large, once no upload is in flight, memory is handed back to the system
    /// (<see cref="FreeMemory"/>): otherwise the heaps keep the peak of a burst for good.
    /// </summary>
    private const long LargeUploadBytes = 8L * 1024 * 1024;

    /// <summary>The upload's file part, or the answer that refuses it.</summary>
    private async Task<(IFormFile? File, IResult? Refusal)> ReadUploadAsync(HttpRequest request, CancellationToken cancel)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancel);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException e)
        {
            // the multipart reader reports a body over its limit this way
            return (null, e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? TooLarge() : Problem(StatusCodes.Status400BadRequest, $"unreadable upload ({e.Message})"));
        }
        var file = form.Files.GetFile("image");
        if (file is null)
            return (null, Problem(StatusCodes.Status400BadRequest, "no file in the field 'image'"));
        if (file.Length > _options.MaxUploadBytes)
            return (null, TooLarge());
        if (file.Length == 0)
            return (null, Problem(StatusCodes.Status400BadRequest, "the uploaded file is empty"));
        return (file, null);
    }

    private async Task<IResult> InspectAsync(byte[] bytes, ImageHeader header, string shownName, CancellationToken cancel)
    {
        if (!_inspectors.TryTake(out var inspector))
            throw new InvalidOperationException("no inspector free although the gate admitted the request");
        InspectionResult result;
        try
        {
            result = await Task.Run(() =>
            {
                using var image = _loader.Decode(bytes, header, "upload");
                return inspector.Inspect(new ForensicInput("upload", image, bytes));
            }, cancel);
        }
        catch (InputFileException e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, $"the image could not be decoded: {e.Problem}");
        }
        finally
        {
            _inspectors.Add(inspector);
        }
        var id = _store.Add(result);
        var json = JsonSerializer.SerializeToNode(result.Report, ReportJson.Options)!.AsObject();
        json["id"] = id;
        json["file_name"] = shownName;
        var urls = new JsonObject();
        foreach (var (key, name) in result.Report.Files)
            urls[key] = $"/api/results/{id}/{name}";
        urls["report"] = $"/api/results/{id}/report.json";
        json["urls"] = urls;
        return Results.Content(json.ToJsonString(ReportJson.Options), "application/json");
    }

    /// <summary>The client's file name shown back (never used as a path).</summary>
    private static string ShownName(IFormFile file) =>
        new(Path.GetFileName(file.FileName ?? "").Where(character => !char.IsControl(character)).Take(120).ToArray());

    /// <summary>
    /// Answers a request whose body is not wanted. The body is first read to its end into nothing (up to a bound): a
    /// server that answers and closes while the client is still sending makes the client see a broken connection.
    /// </summary>
    private async Task<IResult> RefuseUnreadAsync(HttpRequest request, IResult answer, CancellationToken cancel)
    {
        long length = request.ContentLength ?? 0;
        if (length > 0 && length <= 8 * BodyLimit
            && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = length;
            await request.Body.CopyToAsync(Stream.Null, cancel);
        }
        return answer;
    }

    private static IResult Busy(string message) => new ProblemResult(StatusCodes.Status503ServiceUnavailable, message, RetryAfterSeconds);

    private IResult Result(string id, string name)
    {
        var path = _store.PathOf(id, name);
        if (path is null)
            return Problem(StatusCodes.Status404NotFound, "no such result (results are kept for a limited time)");
        var type = Path.GetExtension(name) switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };
        return Results.File(path, type);
    }

    /// <summary>Room for the multipart framing around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    private long BodyLimit => _options.MaxUploadBytes + MultipartOverhead;

    private IResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge,
        string.Create(CultureInfo.InvariantCulture, $"upload is larger than the limit of {_options.MaxUploadBytes / 1048576.0:0.#} MB"));

    private static IResult Problem(int status, string message) => new ProblemResult(status, message);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _gate.Dispose();
        _store.Dispose();
        foreach (var inspector in _inspectors)
            (inspector.Detector as IDisposable)?.Dispose();
    }
}
