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

        clock.Restart();
        using var detection = Detector.Detect(input);
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

        var views = new List<AnalyzerView>();
        foreach (var analyzer in analyzers)
        {
            clock.Restart();
            using var result = analyzer.Analyze(input);
            seconds[analyzer.Name] = clock.Elapsed.TotalSeconds;
            string? mapName = null;
            if (result.Map is not null)
            {
                mapName = analyzer.Name + ".png";
                using var scaled = Resize(result.Map, previewSize, InterpolationFlags.Linear);
                using var color = Maps.ToColor(scaled);
                files[mapName] = ImageWriter.EncodePng(color);
            }
            views.Add(new AnalyzerView(analyzer.Name, analyzer.Description, result.Findings, mapName, result.Pairs, Math.Round(seconds[analyzer.Name], 3)));
        }

        var report = new InspectionReport(width, height, input.Image.Header.Format.ToString(), previewSize.Width, previewSize.Height,
            Detector.Method, Detector.ModelPath is { } model ? Path.GetFileName(model) : null,
            Verdict.Of(detection.ImageScore, Detector.ImageThreshold, detection.TamperedShare), Math.Round(detection.ImageScore, 4),
            Detector.PostProcessor.Threshold, Detector.ImageThreshold, Math.Round(detection.TamperedShare, 6),
            seconds.ToDictionary(entry => entry.Key, entry => Math.Round(entry.Value, 3)), views,
            files.Keys.ToDictionary(name => Path.GetFileNameWithoutExtension(name), name => name));
        files["report.json"] = JsonSerializer.SerializeToUtf8Bytes(report, ReportJson.Options);
        return new InspectionResult(report, files);
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
