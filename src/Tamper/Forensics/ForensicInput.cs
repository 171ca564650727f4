using Tamper.Imaging;

namespace Tamper.Forensics;

/// <summary>What an analyzer gets: the decoded image and the file's bytes (compression history and metadata live there).</summary>
public sealed record ForensicInput(string Name, RasterImage Image, byte[] FileBytes) : IDisposable
{
    /// <summary>Disposes the decoded image.</summary>
    public void Dispose() => Image.Dispose();

    public bool IsJpeg => Image.Header.Format == ImageFormat.Jpeg;

    public double Megapixels => Image.Header.Pixels / 1e6;

    /// <summary>Reads and decodes a file within the loader's limits; the caller disposes <see cref="Image"/>.</summary>
    public static ForensicInput Load(string path, ImageLoader loader)
    {
        var (bytes, header) = loader.ReadChecked(path);
        return new ForensicInput(path, loader.Decode(bytes, header, path), bytes);
    }
}
