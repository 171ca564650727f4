namespace Tamper.Imaging;

/// <summary>What the file header says, read before any pixel is decoded.</summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public override string ToString() => $"{Format} {Width}x{Height}";
}
