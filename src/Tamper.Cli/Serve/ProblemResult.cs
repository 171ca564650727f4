using Microsoft.AspNetCore.Http;

namespace Tamper.Cli.Serve;

/// <summary>An answer that is not a success: JSON <c>{"error": message}</c>, the message also kept for the request's log line.</summary>
public sealed class ProblemResult(int status, string message, int? retryAfterSeconds = null) : IResult
{
    public const string ProblemKey = "tamper.problem";

    public int Status { get; } = status;

    public string Message { get; } = message;

    public async Task ExecuteAsync(HttpContext context)
    {
        context.Items[ProblemKey] = Message;
        if (retryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Json(new { error = Message }, statusCode: Status).ExecuteAsync(context);
    }
}
