using OpenCvSharp;

namespace Tamper.Forensics.CopyMove;

/// <summary>
/// Copy-move in losslessly saved images (screenshots, PNG photos): a pasted glyph, icon or patch is repeated there bit
/// for bit, which text rendering and camera noise almost never do by themselves (the same character drawn twice lands on
/// different sub-pixel positions; two photo patches never share every noise value). Every Window x Window window of the
/// gray image is hashed (rolling, so the cost is a few operations per pixel); windows with texture whose exact content
/// occurs two or three times vote for the shift between the occurrences, and a shift that enough windows agree on is a
/// copied region (translation only). Content repeated more often is a pattern (a list's icons, a ruled line, a QR code)
/// and does not vote, nor does content repeated straight down at the same left edge (how pages and lists repeat
/// themselves: left-aligned lines and rows starting alike; in real-dev's six forged screenshots every such shift found
/// was legitimate). Works at full resolution, so it runs only up to <see cref="MaxPixels"/>; a recompressed JPEG has no
/// exact copies left, which the other matchers cover.
/// </summary>
internal static class ExactCopyMatcher
{
    public const string MethodName = "exact";

    /// <summary>Side of the hashed windows, in pixels; also the least shift (overlapping occurrences are a pattern).</summary>
    public const int Window = 16;

    /// <summary>Largest image searched (a phone screenshot is 2.5 MP, an A4 page scanned at 300 dpi 8.7 MP).</summary>
    public const long MaxPixels = 12_000_000;

    /// <summary>Gray range a window needs to vote: flat or nearly flat windows repeat everywhere.</summary>
    private const int MinContrast = 24;

    /// <summary>Most occurrences of one window's content that still count as a copy rather than a pattern.</summary>
    private const int MaxRepeats = 3;

    /// <summary>Windows that must agree on a shift (a 20 x 20 glyph has 25 window positions).</summary>
    private const int MinSupport = 20;

    /// <summary>
    /// Most copied regions: a forged screenshot has a handful of pasted pieces, each with its own shift. More shifts than
    /// this are the image's own rendering (text drawn at whole pixels repeats every word bit for bit), not pasted pieces
    /// (measured: 1-9 shifts in real-dev's forged screenshots and CoMoFoD copy-moves; 24-335 in 33 of 40 untouched
    /// synthetic documents with any, and 39 in a real screenshot whose repeats are all legitimate).
    /// </summary>
    public const int MaxCopies = 16;

    private const ulong RowBase = 1_000_003;
    private const ulong ColumnBase = 998_244_353;

    /// <summary>Exact copies in an 8-bit gray image, at its size; empty above <see cref="MaxPixels"/>. The caller disposes them.</summary>
    public static List<CopyMoveMatch> Find(Mat gray) => Find(gray, out _);

    /// <summary>Exact copies in an 8-bit gray image, at its size; empty above <see cref="MaxPixels"/>. The caller disposes them.</summary>
    /// <param name="rendered">
    /// Whether more than <see cref="MaxCopies"/> shifts had enough support: then the repeats are the image's own rendering
    /// and none is returned.
    /// </param>
    public static List<CopyMoveMatch> Find(Mat gray, out bool rendered)
    {
        rendered = false;
        int cols = gray.Cols, rows = gray.Rows;
        if ((long)cols * rows > MaxPixels || cols < Window || rows < Window)
            return [];
        var (keys, positions) = TexturedWindowHashes(gray);
        Array.Sort(keys, positions);

        var votes = new Dictionary<(int X, int Y), List<int>>();
        for (int start = 0, end; start < keys.Length; start = end)
        {
            end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
                end++;
            if (end - start < 2 || end - start > MaxRepeats)
                continue;
            var group = positions[start..end];
            Array.Sort(group);
            for (int a = 0; a < group.Length; a++)
            {
                for (int b = a + 1; b < group.Length; b++)
                {
                    var shift = (X: group[b] % cols - group[a] % cols, Y: group[b] / cols - group[a] / cols);
                    if ((Math.Abs(shift.X) < Window && shift.Y < Window) || shift.X == 0)
                        continue;
                    if (!votes.TryGetValue(shift, out var sources))
                        votes[shift] = sources = [];
                    sources.Add(group[a]);
                }
            }
        }

        var supported = votes.Where(entry => entry.Value.Count >= MinSupport).ToList();
        rendered = supported.Count > MaxCopies;
        var results = new List<CopyMoveMatch>();
        if (rendered)
            return results;
        foreach (var (shift, sources) in supported.OrderByDescending(entry => entry.Value.Count))
        {
            var transform = new double[] { 1, 0, shift.X, 0, 1, shift.Y };
            int offset = shift.Y * cols + shift.X;
            results.Add(new CopyMoveMatch(MethodName, transform, sources.Count, WindowsMask(sources, 0, cols, rows), WindowsMask(sources, offset, cols, rows)));
        }
        return results;
    }

    /// <summary>
    /// Hash and top-left position (row-major index) of every window with at least <see cref="MinContrast"/> gray levels of
    /// range: a polynomial hash of each row's Window pixels, rolled along the row, then of Window such row hashes, rolled
    /// down the column (64-bit arithmetic wraps; a collision between two textured windows is as likely as a lottery win).
    /// Only the last Window rows' hashes are kept, and the two arrays are allocated once at their final size: at the
    /// 12 MP limit they take 12 bytes per textured window.
    /// </summary>
    private static (ulong[] Keys, int[] Positions) TexturedWindowHashes(Mat gray)
    {
        int cols = gray.Cols, rows = gray.Rows, across = cols - Window + 1, down = rows - Window + 1;
        gray.GetArray(out byte[] pixels);
        byte[] range;
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(Window, Window)))
        using (var max = new Mat())
        using (var min = new Mat())
        {
            // anchor at the kernel's corner: each output pixel is the extreme of the window whose top-left it is
            Cv2.Dilate(gray, max, kernel, new Point(0, 0));
            Cv2.Erode(gray, min, kernel, new Point(0, 0));
            Cv2.Subtract(max, min, max);
            max.GetArray(out range);
        }
        int textured = 0;
        for (int y = 0; y < down; y++)
            for (int x = 0; x < across; x++)
                if (range[y * cols + x] >= MinContrast)
                    textured++;
        var keys = new ulong[textured];
        var positions = new int[textured];

        ulong rowTop = Power(RowBase, Window - 1), columnTop = Power(ColumnBase, Window - 1);
        // the row hashes of the last Window rows (row y in slot y % Window), and each column's rolled hash
        var recent = new ulong[Window][];
        var column = new ulong[across];
        var entering = new ulong[across];
        int count = 0;
        for (int y = 0; y < rows; y++)
        {
            RowHashes(pixels, y * cols, entering, rowTop);
            var slot = recent[y % Window] ??= new ulong[across];
            for (int x = 0; x < across; x++)
            {
                // row y - Window leaves the window as row y enters; before that the column only fills up
                column[x] = (y >= Window ? column[x] - slot[x] * columnTop : column[x]) * ColumnBase + entering[x];
                slot[x] = entering[x];
            }
            int top = y - Window + 1;
            if (top < 0)
                continue;
            for (int x = 0; x < across; x++)
            {
                if (range[top * cols + x] < MinContrast)
                    continue;
                keys[count] = column[x];
                positions[count++] = top * cols + x;
            }
        }
        return (keys, positions);
    }

    /// <summary>The hash of each run of Window pixels along the row starting at <paramref name="line"/>.</summary>
    private static void RowHashes(byte[] pixels, int line, ulong[] hashes, ulong top)
    {
        ulong hash = 0;
        for (int x = 0; x < Window; x++)
            hash = hash * RowBase + pixels[line + x];
        hashes[0] = hash;
        for (int x = 1; x < hashes.Length; x++)
        {
            hash = (hash - pixels[line + x - 1] * top) * RowBase + pixels[line + x + Window - 1];
            hashes[x] = hash;
        }
    }

    /// <summary>A mask (255 inside) of the windows at these top-left positions, each moved by an offset in row-major pixels.</summary>
    private static Mat WindowsMask(List<int> positions, int offset, int cols, int rows)
    {
        var mask = new Mat(rows, cols, MatType.CV_8UC1, Scalar.All(0));
        var pixels = mask.AsSpan<byte>();
        foreach (var position in positions)
        {
            int start = position + offset;
            for (int row = 0; row < Window; row++)
                pixels.Slice(start + row * cols, Window).Fill(255);
        }
        return mask;
    }

    private static ulong Power(ulong value, int exponent)
    {
        ulong result = 1;
        for (int i = 0; i < exponent; i++)
            result *= value;
        return result;
    }
}
