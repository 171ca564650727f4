using OpenCvSharp;

namespace Tamper.Data.Synthesis;

/// <summary>A preview for a person: per sample, the image beside the image with its mask outlined in red, and the operation.</summary>
public sealed class ContactSheet(int tiles, int tileSize = 256)
{
    private readonly SortedDictionary<int, Mat> _tiles = [];
    private readonly Lock _lock = new();

    public int Capacity { get; } = tiles;

    /// <summary>Adds the tile of sample <paramref name="index"/> if it is among the first <see cref="Capacity"/>.</summary>
    public void Add(int index, SyntheticSample sample)
    {
        if (index >= Capacity) return;
        using var image = Cv2.ImDecode(sample.FileBytes, ImreadModes.Color);
        var tile = Tile(image, sample.Mask, $"{sample.Id} {sample.Operation}");
        lock (_lock) _tiles[index] = tile;
    }

    public void Save(string path)
    {
        lock (_lock)
        {
            if (_tiles.Count == 0) return;
            int columns = Math.Min(4, _tiles.Count), rows = (_tiles.Count + columns - 1) / columns;
            using var sheet = new Mat(rows * (tileSize + 24), columns * 2 * tileSize, MatType.CV_8UC3, Scalar.All(40));
            int n = 0;
            foreach (var tile in _tiles.Values)
            {
                tile.CopyTo(sheet[new Rect(n % columns * 2 * tileSize, n / columns * (tileSize + 24), tile.Cols, tile.Rows)]);
                n++;
            }
            Imaging.ImageWriter.SavePng(sheet, path);
            foreach (var tile in _tiles.Values) tile.Dispose();
            _tiles.Clear();
        }
    }

    private Mat Tile(Mat image, Mat mask, string caption)
    {
        double scale = (double)tileSize / Math.Max(image.Cols, image.Rows);
        var size = new Size(Math.Max(1, (int)(image.Cols * scale)), Math.Max(1, (int)(image.Rows * scale)));
        using var small = new Mat();
        using var smallMask = new Mat();
        Cv2.Resize(image, small, size, 0, 0, InterpolationFlags.Area);
        Cv2.Resize(mask, smallMask, size, 0, 0, InterpolationFlags.Nearest);
        using var outlined = small.Clone();
        Cv2.FindContours(smallMask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        Cv2.DrawContours(outlined, contours, -1, new Scalar(0, 0, 255), 2);
        var tile = new Mat(tileSize + 24, 2 * tileSize, MatType.CV_8UC3, Scalar.All(40));
        small.CopyTo(tile[new Rect(0, 0, size.Width, size.Height)]);
        outlined.CopyTo(tile[new Rect(tileSize, 0, size.Width, size.Height)]);
        Cv2.PutText(tile, caption, new Point(4, tileSize + 17), HersheyFonts.HersheySimplex, 0.45, Scalar.All(230), 1, LineTypes.AntiAlias);
        return tile;
    }
}
