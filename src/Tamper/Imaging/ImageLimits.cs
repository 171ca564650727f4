namespace Tamper.Imaging;

/// <summary>Limits checked before decoding, so an untrusted file cannot make the tool allocate without bound.</summary>
public sealed record ImageLimits(long MaxPixels = ImageLimits.DefaultMaxPixels, long MaxFileBytes = ImageLimits.DefaultMaxFileBytes)
{
    public const long DefaultMaxPixels = 100_000_000;
    public const long DefaultMaxFileBytes = 1L << 30;

    public static ImageLimits Default { get; } = new();
}
