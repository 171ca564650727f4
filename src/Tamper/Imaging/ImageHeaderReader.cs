using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;
using Tamper.Native;

namespace Tamper.Imaging;

/// <summary>
/// Identifies the format from the file's leading bytes and reads the dimensions from its header
/// (MetadataExtractor), without decoding pixels: the size check happens before any large allocation.
/// </summary>
public static class ImageHeaderReader
{
    public static ImageHeader Read(string path)
    {
        using var stream = OpenForReading(path);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream; <paramref name="name"/> is only used in error messages.</summary>
    public static ImageHeader Read(Stream stream, string name)
    {
        if (stream.Length == 0)
            throw new InputFileException(name, "empty file");

        var format = DetectFormat(stream, name);
        stream.Position = 0;
        if (format == ImageFormat.Png && PngChunks.Problem(stream) is { } chunkProblem)
            throw new InputFileException(name, chunkProblem);
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception e) when (e is not InputFileException)
        {
            // the parser meets untrusted bytes: whatever it throws (its own errors, arithmetic, a huge allocation
            // a length field asked for) is a problem with this file, never a fault of the tool
            throw new InputFileException(name, $"corrupt {format} header ({e.Message})");
        }
        finally
        {
            stream.Position = 0;
        }

        var (width, height) = format switch
        {
            ImageFormat.Jpeg => Dimensions<JpegDirectory>(directories, JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            ImageFormat.Png => Dimensions<PngDirectory>(directories, PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
            ImageFormat.Bmp => Dimensions<BmpHeaderDirectory>(directories, BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
            ImageFormat.WebP => Dimensions<WebPDirectory>(directories, WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
            ImageFormat.Gif => Dimensions<GifHeaderDirectory>(directories, GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
            ImageFormat.Tiff => Dimensions<ExifIfd0Directory>(directories, ExifDirectoryBase.TagImageWidth, ExifDirectoryBase.TagImageHeight),
            _ => (0, 0),
        };
        // BMP stores top-down images with a negative height (int.MinValue has no positive twin: refused below).
        if (height < 0 && height != int.MinValue)
            height = -height;
        if (width <= 0 || height <= 0)
            throw new InputFileException(name, $"corrupt {format} header (no valid image dimensions)");
        return new ImageHeader(format, width, height);
    }

    /// <summary>Checks the header against the limits; returns it when the image may be decoded.</summary>
    public static ImageHeader ReadWithinLimits(Stream stream, string name, ImageLimits limits)
    {
        if (stream.Length > limits.MaxFileBytes)
            throw new InputFileException(name, $"file is {stream.Length:N0} bytes, above the limit of {limits.MaxFileBytes:N0}");
        var header = Read(stream, name);
        if (header.Pixels > limits.MaxPixels)
            throw new InputFileException(name,
                $"image is {header.Width}x{header.Height} = {header.Pixels / 1e6:0.#} MP, above the limit of {limits.MaxPixels / 1e6:0.#} MP ({ImageLimits.PixelLimitName})");
        return header;
    }

    /// <summary>Opens a regular file; a FIFO, device or socket is refused before opening (opening a FIFO waits for a writer for ever).</summary>
    internal static FileStream OpenForReading(string path)
    {
        if (FileKinds.Of(path) is not (FileKind.Regular or FileKind.Unknown) and var kind)
            throw new InputFileException(path, $"{FileKinds.Describe(kind)}, not a regular file: only regular files are read");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException)
        {
            throw new InputFileException(path, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputFileException(path, "file not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputFileException(path, "permission denied");
        }
        catch (IOException e)
        {
            throw new InputFileException(path, $"cannot read ({e.Message})");
        }
    }

    private static ImageFormat DetectFormat(Stream stream, string name)
    {
        FileType type;
        try
        {
            type = FileTypeDetector.DetectFileType(stream);
        }
        catch (Exception e) when (e is not InputFileException)
        {
            throw new InputFileException(name, $"cannot read ({e.Message})");
        }
        return type switch
        {
            FileType.Jpeg => ImageFormat.Jpeg,
            FileType.Png => ImageFormat.Png,
            // Plain TIFFs whose first directory sits at offset 8 carry the signature of Sony ARW (little-endian)
            // or Nikon NEF (big-endian) and are reported as such; Canon CR2 is TIFF-structured too.
            FileType.Tiff or FileType.Arw or FileType.Nef or FileType.Cr2 => ImageFormat.Tiff,
            FileType.Bmp => ImageFormat.Bmp,
            FileType.WebP => ImageFormat.WebP,
            FileType.Gif => ImageFormat.Gif,
            FileType.Unknown => throw new InputFileException(name, "not an image (unrecognized content; JPEG, PNG, TIFF, BMP, WebP and GIF are read)"),
            _ => throw new InputFileException(name, $"unsupported image format {type} (JPEG, PNG, TIFF, BMP, WebP and GIF are read)"),
        };
    }

    private static (int Width, int Height) Dimensions<T>(IEnumerable<MetadataExtractor.Directory> directories, int widthTag, int heightTag)
        where T : MetadataExtractor.Directory
    {
        foreach (var directory in directories.OfType<T>())
        {
            if (directory.TryGetInt32(widthTag, out var width) && directory.TryGetInt32(heightTag, out var height))
                return (width, height);
        }
        return (0, 0);
    }
}
