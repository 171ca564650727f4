using OpenCvSharp;
using Tamper.Batch;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Detection;

/// <summary>Runs a detector over a batch and writes masks (0/255), heat maps (grey 0..255) and overlays.</summary>
public static class DetectionBatch
{
    /// <param name="onResult">Called with each image's result before it is disposed (for summaries).</param>
    public static BatchSummary Run(IDetector detector, IReadOnlyList<BatchItem> items, DetectionOutputs outputs, ImageLoader loader,
        IEnumerable<string>? earlierProblems = null, Action<BatchItem, DetectionResult>? onResult = null, Action<int, int>? progress = null)
    {
        Directory.CreateDirectory(outputs.MaskFolder);
        return BatchRunner.Run(items, item => !outputs.Overwrite && outputs.Exist(item.Id), item =>
        {
            var input = ForensicInput.Load(item.Path, loader);
            using var image = input.Image;
            using var result = detector.Detect(input);
            if (outputs.HeatmapPath(item.Id) is { } heatmapPath)
                ImageWriter.SaveHeatmapPng(result.Heatmap, heatmapPath);
            if (outputs.OverlayPath(item.Id) is { } overlayPath)
            {
                using var overlay = Overlay(image.Pixels, result.Heatmap);
                ImageWriter.SavePng(overlay, overlayPath);
            }
            ImageWriter.SavePng(result.Mask, outputs.MaskPath(item.Id)); // last: its presence marks the item done
            onResult?.Invoke(item, result);
        }, earlierProblems, progress);
    }

    /// <summary>The image with the heat map blended in colour where it is above zero (opacity = 0.6 x heat).</summary>
    public static Mat Overlay(Mat bgr, Mat heatmap)
    {
        using var colour = Maps.ToColour(heatmap);
        using var alpha = new Mat();
        heatmap.ConvertTo(alpha, MatType.CV_32F, 0.6);
        using var alpha3 = new Mat();
        Cv2.Merge([alpha, alpha, alpha], alpha3);
        using var image = new Mat();
        using var heat = new Mat();
        bgr.ConvertTo(image, MatType.CV_32FC3);
        colour.ConvertTo(heat, MatType.CV_32FC3);
        using var inverse = new Mat();
        Cv2.Subtract(Scalar.All(1), alpha3, inverse);
        Cv2.Multiply(image, inverse, image);
        Cv2.Multiply(heat, alpha3, heat);
        Cv2.Add(image, heat, image);
        var result = new Mat();
        image.ConvertTo(result, MatType.CV_8UC3);
        return result;
    }
}
