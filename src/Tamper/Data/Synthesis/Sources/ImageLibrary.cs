using System.Collections.Concurrent;
using OpenCvSharp;
using Tamper.Data;
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

    /// <param name="holdout">Files this split holds out are not used (they serve as authentic validation images).</param>
    public ImageLibrary(IEnumerable<string> folders, bool keepAlpha = false, HoldoutSplit? holdout = null)
    {
        _keepAlpha = keepAlpha;
        var all = Find(folders);
        Paths = [.. all.Where(path => holdout?.IsHeldOut(path) != true)];
        HeldOut = [.. all.Where(path => holdout?.IsHeldOut(path) == true)];
    }

    public IReadOnlyList<string> Paths { get; }

    /// <summary>Image files found but held out of use.</summary>
    public IReadOnlyList<string> HeldOut { get; }

    public static List<string> Find(IEnumerable<string> folders) => folders.Where(Directory.Exists)
        .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
        .Where(ImageFiles.HasImageExtension)
        .Order(StringComparer.Ordinal)
        .ToList();

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
