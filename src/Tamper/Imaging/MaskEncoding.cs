namespace Tamper.Imaging;

/// <summary>How a mask file stored its values.</summary>
public enum MaskEncoding
{
    /// <summary>Only 0 and 255 (the contest format).</summary>
    ZeroAnd255,

    /// <summary>Only 0 and 1: 1 is taken as tampered.</summary>
    ZeroAndOne,

    /// <summary>Other gray levels too: tampered where the value is above 127.</summary>
    Gray,
}
