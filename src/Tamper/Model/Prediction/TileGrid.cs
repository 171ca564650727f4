namespace Tamper.Model.Prediction;

/// <summary>
/// Where tiles start along one axis. An axis no longer than a tile is one tile of the axis' length.
/// A longer one gets the fewest tiles of at most <c>tile</c> pixels that overlap by at least
/// <c>overlap</c>, all of one length and evenly spread: the first starts at 0 and the last ends at the
/// border (no tile hangs over the edge), and no pixel is computed more often than needed (tiles of the
/// full size stepping from 0 would compute a 1100 px axis twice over).
/// </summary>
public static class TileGrid
{
    public static IReadOnlyList<(int Start, int Length)> Spans(int length, int tile, int overlap)
    {
        if (tile <= overlap) throw new ArgumentException("a tile must be larger than the overlap");
        if (length <= tile)
            return [(0, length)];
        int count = (int)Math.Ceiling((double)(length - overlap) / (tile - overlap));
        // one pixel of slack per seam, so rounding the starts never shrinks an overlap below the minimum
        int size = Math.Min(tile, (int)Math.Ceiling((double)(length + (count - 1) * (overlap + 1)) / count));
        var spans = new List<(int, int)>(count);
        for (int index = 0; index < count; index++)
            spans.Add(((int)Math.Round((double)index * (length - size) / (count - 1)), size));
        return spans;
    }

    /// <summary>
    /// Blending weights along one span: a linear ramp over the overlap on each side that meets another
    /// tile, 1 elsewhere, so seams fade instead of stepping.
    /// </summary>
    public static float[] Ramp(int start, int length, int total, int overlap)
    {
        var weights = new float[length];
        for (int index = 0; index < length; index++)
        {
            float weight = 1f;
            if (start > 0) weight = Math.Min(weight, (index + 0.5f) / overlap);
            if (start + length < total) weight = Math.Min(weight, (length - index - 0.5f) / overlap);
            weights[index] = Math.Max(weight, 1e-3f);
        }
        return weights;
    }
}
