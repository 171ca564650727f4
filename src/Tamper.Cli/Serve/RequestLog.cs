using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tamper.Cli.Serve;

/// <summary>
/// One log line per request (method, path, status, milliseconds, and the problem when there was one); an exception
/// that escapes a handler becomes a 500 with a JSON message instead of an empty body, and is logged with the request.
/// </summary>
public static class RequestLog
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(ILogger logger) => async (context, next) =>
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await new ProblemResult(StatusCodes.Status500InternalServerError, $"internal error: {e.GetType().Name}: {e.Message}").ExecuteAsync(context);
        }
        finally
        {
            var problem = context.Items.TryGetValue(ProblemResult.ProblemKey, out var text) ? $" ({text})" : "";
            var level = context.Response.StatusCode >= 500 && context.Response.StatusCode != StatusCodes.Status503ServiceUnavailable ? LogLevel.Error : LogLevel.Information;
            logger.Log(level, "{Method} {Path} {Status} {Milliseconds} ms{Problem}", context.Request.Method, context.Request.Path.Value,
                context.Response.StatusCode, clock.ElapsedMilliseconds, problem);
        }
    };
}
