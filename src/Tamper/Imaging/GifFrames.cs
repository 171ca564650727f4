using OpenCvSharp;
using SkiaSharp;

namespace Tamper.Imaging;

/// <summary>GIF decoding (OpenCV's build reads no GIF): the first frame through SkiaSharp, as BGRA.</summary>
internal static class GifFrames
{
    /// <returns>The first frame (CV_8UC4, BGRA), or null when the data cannot be decoded.</returns>
    public static Mat? DecodeFirst(byte[] bytes, List<string> notices)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            return null;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var frame = new Mat(info.Height, info.Width, MatType.CV_8UC4);
        var result = codec.GetPixels(info, frame.Data, new SKCodecOptions(0));
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            frame.Dispose();
            return null;
        }
        if (result == SKCodecResult.IncompleteInput)
            notices.Add("GIF data ends early: the missing part of the frame is blank");
        if (codec.FrameCount > 1)
            notices.Add($"animated GIF: only the first of {codec.FrameCount} frames was read");
        return frame;
    }
}
