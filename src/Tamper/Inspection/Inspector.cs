using System.Diagnostics;
using System.Text.Json;
using OpenCvSharp;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Inspection;

/// <summary>
/// Everything an analyst looks at for one image: the detector's mask and heat map, every classical
/// analyzer's map and findings, and the verdict. Computed at full size; what is meant for display is
/// scaled to at most <see cref="PreviewSide"/> px, so a 40 MP image does not become a 100 MB page.
/// Not thread-safe (the detector is not): one inspector per worker.
/// </summary>
public sealed class Inspector(IDetector detector, IReadOnlyList<IForensicAnalyzer> analyzers, int previewSide = 1600)
{
    public IDetector Detector { get; } = detector;

    public int PreviewSide { get; } = previewSide;

    public InspectionResult Inspect(ForensicInput input)
    {
        var image = input.Image.Pixels;
        int width = image.Cols, height = image.Rows;
        double scale = Math.Min(1.0, (double)PreviewSide / Math.Max(width, height));
        var previewSize = new Size(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        var files = new Dictionary<string, byte[]>();
        var seconds = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();

        using var preview = Resize(image, previewSize, InterpolationFlags.Area);
        Cv2.ImEncode(".jpg", preview, out var previewJpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
        files["image.jpg"] = previewJpeg;

        // a detector that runs the analyzers itself shows each map to the page as it goes: nothing is analyzed twice
        var views = new Dictionary<string, AnalyzerView>();
        var classical = Detector switch { ClassicalDetector alone => alone, FusedDetector fused => fused.Classical, _ => null };
        if (classical is not null)
            classical.Observer = (analyzer, result, time) => views[analyzer.Name] = View(analyzer, result, time, previewSize, files);
        clock.Restart();
        DetectionResult detection;
        try
        {
            detection = Detector.Detect(input);
        }
        finally
        {
            if (classical is not null)
                classical.Observer = null;
        }
        using var ownedDetection = detection;
        seconds["detect"] = clock.Elapsed.TotalSeconds;
        files["mask.png"] = ImageWriter.EncodePng(detection.Mask);
        using (var gray = Maps.ToGray(detection.Heatmap))
            files["heatmap.png"] = ImageWriter.EncodePng(gray);
        using var previewHeat = Resize(detection.Heatmap, previewSize, InterpolationFlags.Linear);
        using var previewMask = Resize(detection.Mask, previewSize, InterpolationFlags.Nearest);
        using (var heatLayer = HeatLayer(previewHeat))
            files["heat-layer.png"] = ImageWriter.EncodePng(heatLayer);
        using (var maskLayer = MaskLayer(previewMask))
            files["mask-layer.png"] = ImageWriter.EncodePng(maskLayer);
        using (var overlay = DetectionBatch.Overlay(preview, previewHeat))
            files["overlay.png"] = ImageWriter.EncodePng(overlay);

        foreach (var analyzer in analyzers.Where(analyzer => !views.ContainsKey(analyzer.Name)))
        {
            clock.Restart();
            using var result = analyzer.Analyze(input);
            views[analyzer.Name] = View(analyzer, result, clock.Elapsed.TotalSeconds, previewSize, files);
        }
        foreach (var view in views.Values)
            seconds[view.Name] = view.Seconds;

        var report = new InspectionReport(width, height, input.Image.Header.Format.ToString(), previewSize.Width, previewSize.Height,
            Detector.Method, Detector.ModelPath is { } model ? Path.GetFileName(model) : null,
            Verdict.Of(detection.ImageScore, Detector.ImageThreshold, detection.TamperedShare), Math.Round(detection.ImageScore, 4),
            Detector.PostProcessor.Threshold, Detector.ImageThreshold, Math.Round(detection.TamperedShare, 6),
            seconds.ToDictionary(entry => entry.Key, entry => Math.Round(entry.Value, 3)), [.. analyzers.Select(analyzer => views[analyzer.Name])],
            files.Keys.ToDictionary(name => Path.GetFileNameWithoutExtension(name), name => name));
        files["report.json"] = JsonSerializer.SerializeToUtf8Bytes(report, ReportJson.Options);
        return new InspectionResult(report, files);
    }

    /// <summary>One analyzer's tab: its findings, and its map scaled to the preview and colored (PNG added to <paramref name="files"/>).</summary>
    private static AnalyzerView View(IForensicAnalyzer analyzer, AnalysisResult result, double seconds, Size previewSize, Dictionary<string, byte[]> files)
    {
        string? mapName = null;
        if (result.Map is not null)
        {
            mapName = analyzer.Name + ".png";
            using var scaled = Resize(result.Map, previewSize, InterpolationFlags.Linear);
            using var color = Maps.ToColor(scaled);
            files[mapName] = ImageWriter.EncodePng(color);
        }
        return new AnalyzerView(analyzer.Name, analyzer.Description, result.Findings, mapName, result.Pairs, Math.Round(seconds, 3));
    }

    private static Mat Resize(Mat source, Size size, InterpolationFlags interpolation)
    {
        var resized = new Mat();
        if (source.Size() == size) source.CopyTo(resized);
        else Cv2.Resize(source, resized, size, 0, 0, interpolation);
        return resized;
    }

    /// <summary>Heat map as color with alpha = heat, so the image shows through where nothing was found.</summary>
    private static Mat HeatLayer(Mat heat)
    {
        using var color = Maps.ToColor(heat);
        using var alpha = Maps.ToGray(heat);
        var channels = color.Split();
        var layer = new Mat();
        Cv2.Merge([channels[0], channels[1], channels[2], alpha], layer);
        foreach (var channel in channels) channel.Dispose();
        return layer;
    }

    /// <summary>The mask as translucent red where tampered, transparent elsewhere.</summary>
    private static Mat MaskLayer(Mat mask)
    {
        var layer = new Mat(mask.Size(), MatType.CV_8UC4, Scalar.All(0));
        layer.SetTo(new Scalar(40, 40, 230, 170), mask);
        return layer;
    }
}
