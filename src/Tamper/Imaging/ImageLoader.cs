using OpenCvSharp;
using Tamper.Native;

namespace Tamper.Imaging;

/// <summary>
/// Loads JPEG, PNG, TIFF, BMP, WebP and GIF files (8/16-bit, gray/RGB/RGBA) into <see cref="RasterImage"/>:
/// header and size limit first, then a decode that must produce exactly the announced size. A multi-page TIFF gives
/// its first page and a GIF its first frame, each with a notice; decoder warnings become notices too.
/// </summary>
public sealed class ImageLoader
{
    public ImageLoader(ImageLimits? limits = null) => Limits = limits ?? ImageLimits.Default;

    public ImageLimits Limits { get; }

    public RasterImage Load(string path, PixelLayout layout = PixelLayout.Bgr)
    {
        var (bytes, header) = ReadChecked(path);
        return DecodeChecked(bytes, header, path, layout);
    }

    /// <summary>The file's bytes, read only after its size and header passed the limits.</summary>
    public (byte[] Bytes, ImageHeader Header) ReadChecked(string path)
    {
        using var stream = ImageHeaderReader.OpenForReading(path);
        var header = ImageHeaderReader.ReadWithinLimits(stream, path, Limits);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return (bytes, header);
    }

    /// <summary>Decodes bytes that <see cref="ReadChecked"/> returned, with the header it read.</summary>
    public RasterImage Decode(byte[] bytes, ImageHeader header, string name, PixelLayout layout = PixelLayout.Bgr) =>
        DecodeChecked(bytes, header, name, layout);

    /// <summary>Decodes bytes already in memory (an upload, say); <paramref name="name"/> is used in messages.</summary>
    public RasterImage Load(byte[] bytes, string name, PixelLayout layout = PixelLayout.Bgr)
    {
        if (bytes.LongLength > Limits.MaxFileBytes)
            throw new InputFileException(name, $"file is {bytes.LongLength:N0} bytes, above the limit of {Limits.MaxFileBytes:N0}");
        using var stream = new MemoryStream(bytes, writable: false);
        var header = ImageHeaderReader.ReadWithinLimits(stream, name, Limits);
        return DecodeChecked(bytes, header, name, layout);
    }

    private static RasterImage DecodeChecked(byte[] bytes, ImageHeader header, string name, PixelLayout layout)
    {
        var notices = new List<string>();
        IReadOnlyList<string> decoderLines = [];
        Mat? decoded;
        try
        {
            // native decoders print warnings and errors on stderr: caught here and told about this file
            decoded = NativeStderr.Attribute(() => header.Format == ImageFormat.Gif ? GifFrames.DecodeFirst(bytes, notices) : Decode(bytes), out decoderLines);
        }
        catch (Exception e) when (e is not InputFileException)
        {
            // the decoder meets untrusted bytes: whatever it throws is a problem with this file
            throw new InputFileException(name, $"cannot decode {header.Format} data ({e.Message}{Joined(decoderLines, "; ")})");
        }
        try
        {
            // OpenCV returns an empty Mat, without an error, for truncated or corrupt data (docs/stack-notes.md, note 4).
            if (decoded is null || decoded.Empty())
                throw new InputFileException(name, $"cannot decode {header.Format} data: the file is corrupt or truncated{Joined(decoderLines, " (", ")")}");
            if (decoded.Cols != header.Width || decoded.Rows != header.Height)
                throw new InputFileException(name,
                    $"header says {header.Width}x{header.Height} but the data decodes to {decoded.Cols}x{decoded.Rows}");
            if (header.Format == ImageFormat.Tiff && TiffPages.Count(bytes) is > 1 and var pages)
                notices.Add($"multi-page TIFF: only the first of {pages} pages was read");
            notices.AddRange(decoderLines.Select(line => $"decoder warning: {line}"));
            var bitDepth = BitDepth(decoded, name);
            var channels = decoded.Channels();
            var pixels = ToLayout(decoded, layout, name);
            if (ReferenceEquals(pixels, decoded))
                decoded = null; // handed over as it is: no copy of a 40 MP image
            return new RasterImage(name, header, pixels, bitDepth, channels, notices);
        }
        finally
        {
            decoded?.Dispose();
        }
    }

    // Unchanged keeps bit depth and alpha and ignores EXIF orientation (stored-pixel orientation).
    private static Mat Decode(byte[] bytes) => Cv2.ImDecode(bytes, ImreadModes.Unchanged);

    private static string Joined(IReadOnlyList<string> lines, string before, string after = "") =>
        lines.Count == 0 ? "" : before + string.Join("; ", lines) + after;

    private static int BitDepth(Mat mat, string name)
    {
        var depth = mat.Depth();
        if (depth == MatType.CV_8U) return 8;
        if (depth == MatType.CV_16U) return 16;
        if (depth == MatType.CV_32F) return 32;
        throw new InputFileException(name, $"unsupported sample type {mat.Type()} (8-bit, 16-bit and float images are read)");
    }

    /// <summary>The pixels in the layout asked for: <paramref name="decoded"/> itself when it already is (8-bit, same channels), else a new Mat.</summary>
    private static Mat ToLayout(Mat decoded, PixelLayout layout, string name)
    {
        // converting the depth keeps the channel count, so the color conversion is known before any copy is made
        ColorConversionCodes? code = (decoded.Channels(), layout) switch
        {
            (1, PixelLayout.Gray) or (3, PixelLayout.Bgr) => null,
            (1, PixelLayout.Bgr) => ColorConversionCodes.GRAY2BGR,
            (3, PixelLayout.Gray) => ColorConversionCodes.BGR2GRAY,
            (4, PixelLayout.Bgr) => ColorConversionCodes.BGRA2BGR,
            (4, PixelLayout.Gray) => ColorConversionCodes.BGRA2GRAY,
            var (c, _) => throw new InputFileException(name, $"unsupported channel count {c} (gray, RGB and RGBA are read)"),
        };
        Mat? eightBit = null;
        var depth = decoded.Depth();
        if (depth == MatType.CV_16U)
            decoded.ConvertTo(eightBit = new Mat(), MatType.CV_8U, 1.0 / 257.0);
        else if (depth == MatType.CV_32F)
            decoded.ConvertTo(eightBit = new Mat(), MatType.CV_8U, 255.0); // float images are taken as 0..1
        var source = eightBit ?? decoded;
        if (code is null)
            return source;
        using (eightBit)
        {
            var converted = new Mat();
            Cv2.CvtColor(source, converted, code.Value);
            return converted;
        }
    }
}
