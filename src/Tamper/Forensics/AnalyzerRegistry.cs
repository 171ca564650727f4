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
    ]);

    public static IReadOnlyList<string> Names => Table.Names;

    public static IForensicAnalyzer Create(string name) => Table.Resolve(name)();

    /// <summary>Analyzers from a comma-separated list; null or empty means all of them.</summary>
    public static IReadOnlyList<IForensicAnalyzer> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? Names.Select(Create).ToList()
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Select(Create).ToList();
}
