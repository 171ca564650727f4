using OpenCvSharp;

namespace Tamper.Imaging;

/// <summary>
/// Reads mask files: tampered where the gray value is above 127 (the contest rule), except masks
/// stored as 0/1, which are recognized (maximum value 1) and read with 1 = tampered.
/// </summary>
public sealed class MaskReader
{
    public const byte TamperedAbove = 127;

    private readonly ImageLoader _loader;

    public MaskReader(ImageLoader? loader = null) => _loader = loader ?? new ImageLoader();

    public MaskImage Read(string path)
    {
        using var image = _loader.Load(path, PixelLayout.Gray);
        return FromGray(image.Pixels, path);
    }

    internal static MaskImage FromGray(Mat gray, string path)
    {
        Cv2.MinMaxLoc(gray, out double _, out double max);
        var binary = new Mat();
        if (max == 1)
        {
            gray.ConvertTo(binary, MatType.CV_8U, 255.0);
            return new MaskImage(path, binary, MaskEncoding.ZeroAndOne);
        }
        Cv2.Threshold(gray, binary, TamperedAbove, 255, ThresholdTypes.Binary);
        using var between = new Mat();
        Cv2.InRange(gray, new Scalar(1), new Scalar(254), between);
        var encoding = Cv2.CountNonZero(between) == 0 ? MaskEncoding.ZeroAnd255 : MaskEncoding.Gray;
        return new MaskImage(path, binary, encoding);
    }
}
