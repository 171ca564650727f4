using System.Text.Json;
using System.Text.Json.Serialization;
using Tamper.Batch;
using Tamper.Imaging;

namespace Tamper.Detection;

/// <summary>The JSON summary of a detect run: method, model, every image's figures, skipped ids and failures.</summary>
public sealed record DetectionReport(string Method, string? Model, double? Threshold, IReadOnlyList<DetectionRecord> Images, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failures)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static DetectionReport Of(IDetector detector, IReadOnlyList<DetectionRecord> images, BatchSummary summary) => detector switch
    {
        LearnedDetector learned => new(detector.Method, learned.ModelPath, learned.PostProcessor.Threshold, images, summary.Skipped, summary.Failures),
        ClassicalDetector classical => new(detector.Method, null, classical.PostProcessor.Threshold, images, summary.Skipped, summary.Failures),
        _ => new(detector.Method, null, null, images, summary.Skipped, summary.Failures),
    };

    public void Save(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);
        ImageWriter.WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(this, Options));
    }
}
