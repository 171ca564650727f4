namespace Tamper.Imaging;

/// <summary>Container formats the tool reads, identified from the file's content, never its name.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Tiff,
    Bmp,
    WebP,
    Gif,
}
