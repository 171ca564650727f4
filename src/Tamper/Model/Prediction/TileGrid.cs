namespace Tamper.Model.Prediction;

/// <summary>
/// Where tiles start along one axis: every <c>tile - overlap</c> pixels from 0, with the last tile aligned
/// to the far border (so no tile hangs over the edge and no border is predicted from padding alone).
/// An axis no longer than a tile is one tile of the axis' length.
/// </summary>
public static class TileGrid
{
    public static IReadOnlyList<(int Start, int Length)> Spans(int length, int tile, int overlap)
    {
        if (tile <= overlap) throw new ArgumentException("a tile must be larger than the overlap");
        if (length <= tile)
            return [(0, length)];
        var spans = new List<(int, int)>();
        int step = tile - overlap;
        for (int start = 0; ; start += step)
        {
            if (start + tile >= length)
            {
                spans.Add((length - tile, tile));
                break;
            }
            spans.Add((start, tile));
        }
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
