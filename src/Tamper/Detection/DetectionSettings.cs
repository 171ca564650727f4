using System.Globalization;
using System.Security.Cryptography;

namespace Tamper.Detection;

/// <summary>
/// What decides the masks <c>detect</c> writes: method, model (by content, not path), thresholds, operating point,
/// analyzers and test-time augmentation. Kept beside the masks, so that a rerun with other settings is caught instead
/// of mixing two kinds of masks in one folder.
/// </summary>
public sealed record DetectionSettings(string Method, string? Model, string? ModelSha256, double Threshold, double ImageThreshold,
    string? OperatingPoint, string? Analyzers, bool Tta)
{
    public static DetectionSettings Of(IDetector detector, string? analyzers, bool tta)
    {
        var model = detector.ModelPath;
        return new DetectionSettings(detector.Method, model, model is null ? null : Sha256(model),
            Math.Round(detector.PostProcessor.Threshold, 6), Math.Round(detector.ImageThreshold, 6), detector.OperatingPoint,
            detector.Method == LearnedDetector.MethodName || string.IsNullOrWhiteSpace(analyzers) ? null : analyzers.Trim().ToLowerInvariant(),
            tta);
    }

    /// <summary>One readable line per setting that differs ("method: classical before, fused now"); empty when the same.</summary>
    public IReadOnlyList<string> DifferencesFrom(DetectionSettings before)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T earlier, T now, Func<T, string>? show = null)
        {
            if (EqualityComparer<T>.Default.Equals(earlier, now))
                return;
            show ??= value => value?.ToString() ?? "none";
            differences.Add($"{name}: {show(earlier)} before, {show(now)} now");
        }
        Compare("method", before.Method, Method);
        Compare("model", before.ModelSha256, ModelSha256, hash => hash is null ? "none" : $"{Path.GetFileName(hash == before.ModelSha256 ? before.Model : Model)} ({hash[..12]})");
        Compare("threshold", before.Threshold, Threshold, value => value.ToString(CultureInfo.InvariantCulture));
        Compare("image threshold", before.ImageThreshold, ImageThreshold, value => value.ToString(CultureInfo.InvariantCulture));
        Compare("operating point", before.OperatingPoint, OperatingPoint);
        Compare("analyzers", before.Analyzers, Analyzers, value => value ?? "all");
        Compare("tta", before.Tta, Tta);
        return differences;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
