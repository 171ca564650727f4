namespace Tamper;

/// <summary>
/// A name that is not in a registry (analyzer, detection method, ...): the message lists the known names and, when one
/// is close (a typo), asks whether it was meant.
/// </summary>
public sealed class UnknownNameException(string kind, string name, IEnumerable<string> known)
    : ArgumentException(Describe(kind, name, [.. known]))
{
    private static string Describe(string kind, string name, IReadOnlyList<string> known)
    {
        var closest = known.Select(candidate => (Candidate: candidate, Distance: Distance(name.Trim().ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(entry => entry.Distance <= Math.Max(1, entry.Candidate.Length / 3))
            .OrderBy(entry => entry.Distance)
            .Select(entry => entry.Candidate)
            .FirstOrDefault();
        var suggestion = closest is null ? "" : $"; did you mean '{closest}'?";
        return $"unknown {kind} '{name}' (known: {string.Join(", ", known)}){suggestion}";
    }

    /// <summary>Edit distance (insertions, deletions, substitutions) between two short names.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
