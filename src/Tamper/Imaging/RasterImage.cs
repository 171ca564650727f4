using OpenCvSharp;

namespace Tamper.Imaging;

/// <summary>
/// The one decoded-image type the rest of the code uses: 8-bit pixels in stored orientation (EXIF
/// orientation is not applied, so masks line up with the stored pixels), plus what the file held.
/// </summary>
public sealed class RasterImage : IDisposable
{
    public RasterImage(string path, ImageHeader header, Mat pixels, int sourceBitDepth, int sourceChannels, IReadOnlyList<string>? notices = null)
    {
        Notices = notices ?? [];
        Path = path;
        Header = header;
        Pixels = pixels;
        SourceBitDepth = sourceBitDepth;
        SourceChannels = sourceChannels;
    }

    public string Path { get; }

    public ImageHeader Header { get; }

    /// <summary>CV_8UC3 (BGR) or CV_8UC1 (gray), as requested when loading.</summary>
    public Mat Pixels { get; }

    public int Width => Pixels.Cols;

    public int Height => Pixels.Rows;

    /// <summary>Bits per channel in the file (8, 16 or 32).</summary>
    public int SourceBitDepth { get; }

    /// <summary>Channels in the file: 1 gray, 3 color, 4 color with alpha (alpha is dropped on load).</summary>
    public int SourceChannels { get; }

    /// <summary>What the user should know about how the file was read (a first page or frame only, decoder warnings).</summary>
    public IReadOnlyList<string> Notices { get; }

    public void Dispose() => Pixels.Dispose();
}
