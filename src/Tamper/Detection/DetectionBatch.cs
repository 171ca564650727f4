using OpenCvSharp;
using Tamper.Batch;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Detection;

/// <summary>Runs a detector over a batch and writes masks (0/255), heat maps (gray 0..255) and overlays.</summary>
public static class DetectionBatch
{
    /// <param name="onResult">Called with each image's result and the notices of its decoding (first page only, decoder
    /// warnings), after its heat map and overlay are written and just before its mask (for summaries and records).</param>
    /// <param name="onFailure">Called with each failure line as it happens.</param>
    public static BatchSummary Run(IDetector detector, IReadOnlyList<BatchItem> items, DetectionOutputs outputs, ImageLoader loader,
        IEnumerable<string>? earlierProblems = null, Action<BatchItem, DetectionResult, IReadOnlyList<string>>? onResult = null, Action<int, int>? progress = null,
        Action<string>? onFailure = null)
    {
        Directory.CreateDirectory(outputs.MaskFolder); // DetectionFolder.Open checks the locations first where a host wants it
        // decoding the next image and writing the previous one's outputs overlap with the detector
        return PipelinedBatchRunner.Run(items, item => !outputs.Overwrite && outputs.Exist(item.Id),
            item => ForensicInput.Load(item.Path, loader),
            (_, input) => detector.Detect(input),
            (item, input, result) =>
            {
                if (outputs.HeatmapPath(item.Id) is { } heatmapPath)
                    ImageWriter.SaveHeatmapPng(result.Heatmap, heatmapPath);
                if (outputs.OverlayPath(item.Id) is { } overlayPath)
                {
                    using var overlay = Overlay(input.Image.Pixels, result.Heatmap);
                    ImageWriter.SavePng(overlay, overlayPath);
                }
                onResult?.Invoke(item, result, input.Image.Notices); // before the mask: a record never lacks for a finished image
                ImageWriter.SavePng(result.Mask, outputs.MaskPath(item.Id)); // last: its presence marks the item done
            }, earlierProblems, progress, onFailure);
    }

    /// <summary>
    /// The image with the heat map blended in color (inferno), opacity 0.6 x heat. Blended row by row
    /// through a 256-entry color table: a 40 MP image needs no float copies.
    /// </summary>
    public static unsafe Mat Overlay(Mat bgr, Mat heatmap)
    {
        using var ramp = new Mat(1, 256, MatType.CV_8UC1);
        for (int level = 0; level < 256; level++) ramp.Set(0, level, (byte)level);
        using var palette = new Mat();
        Cv2.ApplyColorMap(ramp, palette, ColormapTypes.Inferno);
        var colors = new byte[256 * 3];
        palette.GetArray(out Vec3b[] entries);
        for (int level = 0; level < 256; level++)
            (colors[3 * level], colors[3 * level + 1], colors[3 * level + 2]) = (entries[level].Item0, entries[level].Item1, entries[level].Item2);

        var result = new Mat(bgr.Size(), MatType.CV_8UC3);
        int rows = bgr.Rows, cols = bgr.Cols;
        for (int y = 0; y < rows; y++)
        {
            var source = (byte*)bgr.Ptr(y);
            var heat = (float*)heatmap.Ptr(y);
            var target = (byte*)result.Ptr(y);
            for (int x = 0; x < cols; x++)
            {
                float h = Math.Clamp(heat[x], 0f, 1f), alpha = 0.6f * h;
                int level = (int)(h * 255 + 0.5f) * 3;
                for (int c = 0; c < 3; c++)
                    target[3 * x + c] = (byte)(source[3 * x + c] * (1 - alpha) + colors[level + c] * alpha + 0.5f);
            }
        }
        return result;
    }
}
