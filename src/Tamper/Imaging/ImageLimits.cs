namespace Tamper.Imaging;

/// <summary>Limits checked before decoding, so an untrusted file cannot make the tool allocate without bound.</summary>
public sealed record ImageLimits(long MaxPixels = ImageLimits.DefaultMaxPixels, long MaxFileBytes = ImageLimits.DefaultMaxFileBytes)
{
    public const long DefaultMaxPixels = 100_000_000;
    public const long DefaultMaxFileBytes = 1L << 30;

    public static ImageLimits Default { get; } = new();

    /// <summary>How a refusal names the pixel limit (hosts recognize it to say which of their settings raises it).</summary>
    public const string PixelLimitName = "the pixel limit";
}
