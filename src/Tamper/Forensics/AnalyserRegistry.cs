namespace Tamper.Forensics;

/// <summary>The classical analysers by name; an unknown name is an error that lists the known ones.</summary>
public static class AnalyserRegistry
{
    private static readonly IReadOnlyDictionary<string, Func<IForensicAnalyser>> Factories = new Dictionary<string, Func<IForensicAnalyser>>
    {
        ["ela"] = () => new ElaAnalyser(),
        ["noise"] = () => new NoiseAnalyser(),
        ["jpeg"] = () => new JpegAnalyser(),
        ["ghost"] = () => new GhostAnalyser(),
        ["copymove"] = () => new CopyMoveAnalyser(),
        ["metadata"] = () => new MetadataAnalyser(),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToList();

    public static IForensicAnalyser Create(string name) =>
        Factories.TryGetValue(name.Trim().ToLowerInvariant(), out var factory)
            ? factory()
            : throw new UnknownNameException("analyser", name, Names);

    /// <summary>Analysers from a comma-separated list; null or empty means all of them.</summary>
    public static IReadOnlyList<IForensicAnalyser> Parse(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? Names.Select(Create).ToList()
            : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Select(Create).ToList();
}
