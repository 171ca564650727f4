namespace Tamper.Forensics;

/// <summary>The classical analyzers by name (a <see cref="Registry{T}"/>: the listing and the lookup are one table).</summary>
public static class AnalyzerRegistry
{
    private static readonly Registry<Func<IForensicAnalyzer>> Table = new("analyzer",
    [
        ("ela", () => new ElaAnalyzer()),
        ("noise", () => new NoiseAnalyzer()),
        ("jpeg", () => new JpegAnalyzer()),
        ("ghost", () => new GhostAnalyzer()),
        ("copymove", () => new CopyMoveAnalyzer()),
        ("metadata", () => new MetadataAnalyzer()),
        ("noiseprint", () => new NoiseprintAnalyzer()),
    ]);

    public static IReadOnlyList<string> Names => Table.Names;

    /// <summary>What runs when no list is given: all but the slow, non-profit-licensed Noiseprint++ trace, which is named to run.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [.. Table.Names.Where(name => name != "noiseprint")];

    public static IForensicAnalyzer Create(string name) => Table.Resolve(name)();

    /// <summary>Analyzers from a comma-separated list; null or empty means <see cref="Defaults"/>.</summary>
    public static IReadOnlyList<IForensicAnalyzer> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? Defaults.Select(Create).ToList()
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Select(Create).ToList();
}
