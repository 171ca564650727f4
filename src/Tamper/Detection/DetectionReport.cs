using System.Text.Json;
using Tamper.Batch;
using Tamper.Imaging;

namespace Tamper.Detection;

/// <summary>The JSON summary of a detect run: method, model, every image's figures, skipped ids and failures.</summary>
public sealed record DetectionReport(string Method, string? Model, double Threshold, double ImageThreshold, IReadOnlyList<DetectionRecord> Images, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failures,
    string? OperatingPoint = null)
{
    public static DetectionReport Of(IDetector detector, IReadOnlyList<DetectionRecord> images, BatchSummary summary) =>
        new(detector.Method, detector.ModelPath, detector.PostProcessor.Threshold, detector.ImageThreshold, images, summary.Skipped, summary.Failures, detector.OperatingPoint);

    public void Save(string path) => ImageWriter.WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(this, ReportJson.Options));
}
