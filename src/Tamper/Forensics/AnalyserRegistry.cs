namespace Tamper.Forensics;

/// <summary>The classical analysers by name (a <see cref="Registry{T}"/>: the listing and the lookup are one table).</summary>
public static class AnalyserRegistry
{
    private static readonly Registry<Func<IForensicAnalyser>> Table = new("analyser",
    [
        ("ela", () => new ElaAnalyser()),
        ("noise", () => new NoiseAnalyser()),
        ("jpeg", () => new JpegAnalyser()),
        ("ghost", () => new GhostAnalyser()),
        ("copymove", () => new CopyMoveAnalyser()),
        ("metadata", () => new MetadataAnalyser()),
    ]);

    public static IReadOnlyList<string> Names => Table.Names;

    public static IForensicAnalyser Create(string name) => Table.Resolve(name)();

    /// <summary>Analysers from a comma-separated list; null or empty means all of them.</summary>
    public static IReadOnlyList<IForensicAnalyser> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? Names.Select(Create).ToList()
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Select(Create).ToList();
}
