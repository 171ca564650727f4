using System.Collections.Concurrent;
using System.Security.Cryptography;
using Tamper.Imaging;
using Tamper.Inspection;

namespace Tamper.Serving;

/// <summary>
/// Inspection results kept on disk for a while, under random ids: at most <see cref="Capacity"/> results
/// and none older than <see cref="MaxAge"/> (the oldest go first). Files are looked up by id and by a name
/// the result itself listed, so nothing a client sends is ever used as a path. The folder is removed on
/// dispose.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly Lock _evicting = new();

    public ResultStore(string? folder = null, int capacity = 100, TimeSpan? maxAge = null)
    {
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "tamper-serve-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        Directory.CreateDirectory(Folder);
        Capacity = Math.Max(1, capacity);
        MaxAge = maxAge ?? TimeSpan.FromHours(1);
    }

    public string Folder { get; }

    public int Capacity { get; }

    public TimeSpan MaxAge { get; }

    public int Count => _entries.Count;

    /// <summary>Stores the files and returns the new id (32 hex digits).</summary>
    public string Add(InspectionResult result)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = Path.Combine(Folder, id);
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in result.Files)
            ImageWriter.WriteAtomically(Path.Combine(folder, name), bytes);
        _entries[id] = new Entry(folder, result.Files.Keys.ToHashSet(StringComparer.Ordinal), DateTime.UtcNow);
        Evict();
        return id;
    }

    /// <summary>The path of a stored file, or null for an unknown or expired id or a name the result does not have.</summary>
    public string? PathOf(string id, string name)
    {
        Evict();
        if (!_entries.TryGetValue(id, out var entry) || !entry.Names.Contains(name))
            return null;
        return Path.Combine(entry.Folder, name);
    }

    private void Evict()
    {
        lock (_evicting)
        {
            var now = DateTime.UtcNow;
            var ordered = _entries.OrderBy(entry => entry.Value.Created).ToList();
            int excess = ordered.Count - Capacity;
            foreach (var (id, entry) in ordered)
            {
                if (excess <= 0 && now - entry.Created <= MaxAge)
                    break;
                if (_entries.TryRemove(id, out _))
                    TryDelete(entry.Folder);
                excess--;
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _entries.Clear();
        TryDelete(Folder);
    }

    private sealed record Entry(string Folder, HashSet<string> Names, DateTime Created);
}
