using OpenCvSharp;

namespace Tamper.Imaging;

/// <summary>A mask read from a file, reduced to 0/255, with what the stored values looked like.</summary>
public sealed class MaskImage : IDisposable
{
    public MaskImage(string path, Mat binary, MaskEncoding encoding)
    {
        Path = path;
        Binary = binary;
        Encoding = encoding;
    }

    public string Path { get; }

    /// <summary>CV_8UC1, 255 = tampered, 0 = authentic.</summary>
    public Mat Binary { get; }

    public MaskEncoding Encoding { get; }

    public int Width => Binary.Cols;

    public int Height => Binary.Rows;

    public void Dispose() => Binary.Dispose();
}
