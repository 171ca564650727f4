using System.Collections.Concurrent;
using OpenCvSharp;
using Tamper.Imaging;

namespace Tamper.Data.Synthesis.Sources;

/// <summary>
/// Image files found under some folders (recursively), decoded on first use and kept, shrunk to at most
/// <see cref="MaxSide"/> px on the long side, for the rest of the run (hundreds of photos fit in memory;
/// decoding each again for every sample would cost more than the forgery). Unreadable files are skipped
/// and listed.
/// </summary>
public sealed class ImageLibrary
{
    public const int MaxSide = 1600;

    private readonly ConcurrentDictionary<string, Lazy<Mat?>> _cache = new();
    private readonly ConcurrentBag<string> _unreadable = [];
    private readonly ImageLoader _loader = new();
    private readonly bool _keepAlpha;

    public ImageLibrary(IEnumerable<string> folders, bool keepAlpha = false)
    {
        _keepAlpha = keepAlpha;
        Paths = folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
            .Where(ImageFiles.HasImageExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<string> Paths { get; }

    public int Count => Paths.Count;

    public IReadOnlyCollection<string> Unreadable => _unreadable;

    /// <summary>A shared decoded image (do not dispose or modify), or null if the file cannot be read.</summary>
    public Mat? Get(string path) => _cache.GetOrAdd(path, key => new Lazy<Mat?>(() => Decode(key))).Value;

    private Mat? Decode(string path)
    {
        try
        {
            Mat image;
            if (_keepAlpha)
            {
                // cutouts: keep the alpha channel (the loader drops it), read as BGRA
                image = Cv2.ImRead(path, ImreadModes.Unchanged);
                if (image.Empty() || image.Channels() != 4) { image.Dispose(); _unreadable.Add(path); return null; }
            }
            else
            {
                using var raster = _loader.Load(path, PixelLayout.Bgr);
                image = raster.Pixels.Clone();
            }
            int longSide = Math.Max(image.Cols, image.Rows);
            if (longSide > MaxSide)
            {
                double scale = (double)MaxSide / longSide;
                Cv2.Resize(image, image, new Size(), scale, scale, InterpolationFlags.Area);
            }
            return image;
        }
        catch (InputFileException)
        {
            _unreadable.Add(path);
            return null;
        }
    }
}
