namespace Tamper.Imaging;

/// <summary>How decoded pixels are laid out in memory: every image becomes 8-bit, whatever it was stored as.</summary>
public enum PixelLayout
{
    /// <summary>Three channels, blue-green-red (OpenCV order), CV_8UC3.</summary>
    Bgr,

    /// <summary>One channel, CV_8UC1: masks and heat maps.</summary>
    Gray,
}
