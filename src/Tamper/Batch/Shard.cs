using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Tamper.Batch;

/// <summary>
/// One of N parts of a batch, for spreading it over processes or machines that share the output folder. An image
/// belongs to part <c>1 + hash(id) mod N</c>: the partition depends only on the image's id (its output name), never
/// on file order or on what the other parts hold, so N runs together write exactly what one run writes.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Whole { get; } = new(1, 1);

    /// <summary>Reads <c>K/N</c> (1-based, 1 ≤ K ≤ N).</summary>
    /// <exception cref="FormatException">The text is not K/N with 1 ≤ K ≤ N.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
            return new Shard(index, count);
        throw new FormatException($"'{text}' is not a shard K/N with 1 <= K <= N (e.g. 2/8)");
    }

    public bool Contains(string id) =>
        Count == 1 || (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id)) % (ulong)Count) + 1 == Index;

    public IReadOnlyList<BatchItem> Select(IReadOnlyList<BatchItem> items) =>
        Count == 1 ? items : [.. items.Where(item => Contains(item.Id))];

    public override string ToString() => $"{Index}/{Count}";
}
