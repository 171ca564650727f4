namespace Tamper;

/// <summary>
/// A table of named things (detection methods, networks, analyzers, manipulations). The listing shown to users and the
/// lookup come from the same table, so they cannot drift apart; names are matched trimmed and case-insensitively, and
/// an unknown name is an <see cref="UnknownNameException"/> that lists the known ones and suggests the closest.
/// </summary>
public sealed class Registry<T>
{
    private readonly IReadOnlyList<(string Name, T Entry)> _entries;

    public Registry(string kind, params IEnumerable<(string Name, T Entry)> entries)
    {
        Kind = kind;
        _entries = [.. entries];
        var duplicate = _entries.GroupBy(entry => Normalize(entry.Name)).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"two {kind}s are named '{duplicate.Key}'", nameof(entries));
        Names = [.. _entries.Select(entry => entry.Name)];
    }

    /// <summary>What the entries are, for messages ("analyzer", "network").</summary>
    public string Kind { get; }

    /// <summary>The names, in the table's order (the order listings and "all" use).</summary>
    public IReadOnlyList<string> Names { get; }

    public IEnumerable<T> Entries => _entries.Select(entry => entry.Entry);

    public bool Contains(string name) => _entries.Any(entry => Normalize(entry.Name) == Normalize(name));

    /// <exception cref="UnknownNameException">No entry has this name.</exception>
    public T Resolve(string name)
    {
        foreach (var (known, entry) in _entries)
            if (Normalize(known) == Normalize(name))
                return entry;
        throw new UnknownNameException(Kind, name, Names);
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
