namespace Tamper.Data.Synthesis;

/// <summary>
/// The random source of one sample. Each sample gets its own, seeded from (run seed, sample index), so a
/// sample is the same whatever thread makes it and in whatever order: the same seed gives the same files.
/// </summary>
public sealed class SynthRandom(int seed, int index)
{
    private readonly Random _random = new(unchecked(seed * 1_000_003 + index * 7_919 + 17));

    public double Uniform(double min, double max) => min + _random.NextDouble() * (max - min);

    /// <summary>An integer in [min, max], both included.</summary>
    public int Int(int min, int max) => _random.Next(min, max + 1);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks by weight: (item, weight) pairs with positive weights.</summary>
    public T Weighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var roll = _random.NextDouble() * items.Sum(item => item.Weight);
        foreach (var (item, weight) in items)
        {
            if (roll < weight) return item;
            roll -= weight;
        }
        return items[^1].Item;
    }

    /// <summary>A normally distributed value (Box-Muller).</summary>
    public double Normal(double mean, double deviation)
    {
        double u = 1 - _random.NextDouble(), v = _random.NextDouble();
        return mean + deviation * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    public int NextSeed() => _random.Next();
}
