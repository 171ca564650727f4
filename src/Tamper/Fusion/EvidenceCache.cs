using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OpenCvSharp;
using Tamper.Imaging;

namespace Tamper.Fusion;

/// <summary>
/// The fused detector's evidence per image kept in a folder (<c>tamper fuse</c> / <c>calibrate --evidence-cache</c>), so
/// that fitting a fusion again or choosing its operating points again over the same images skips both detectors, which
/// are nearly all of the time. An entry is found by the image file's bytes together with everything else the evidence
/// depends on (<see cref="KeyOf"/>: the network's weights, the predictor settings, the analyzers, this build's version),
/// so another network or analyzer set never reads another's entries. A damaged or foreign file counts as absent and is
/// written again; a failed write is counted and the detection goes on.
/// </summary>
public sealed class EvidenceCache
{
    private const string Magic = "tamper-evidence";
    private const int FormatVersion = 1;
    public const string Extension = ".evidence";

    private readonly byte[] _key;
    private int _hits, _writes, _failedWrites;
    private string? _firstWriteProblem;

    /// <param name="folder">Created when missing (<see cref="OutputLocationException"/> when it cannot be written).</param>
    /// <param name="key">What the evidence depends on besides the image (<see cref="KeyOf"/>).</param>
    public EvidenceCache(string folder, string key)
    {
        Folder = Path.GetFullPath(folder);
        OutputLocations.PrepareFolder(Folder);
        _key = Encoding.UTF8.GetBytes(key);
    }

    public string Folder { get; }

    /// <summary>Images whose evidence was read from the folder.</summary>
    public int Hits => _hits;

    /// <summary>Entries written (images whose evidence was computed).</summary>
    public int Writes => _writes;

    public int FailedWrites => _failedWrites;

    /// <summary>Why the first failed write failed (null when none did).</summary>
    public string? FirstWriteProblem => _firstWriteProblem;

    /// <summary>One line for the end of a run: how many images were read and kept, and the first failed write.</summary>
    public string Summary() =>
        $"evidence cache {Folder}: {Hits} images read from it, {Writes} computed and kept"
        + (FailedWrites > 0 ? $"; {FailedWrites} could not be kept ({FirstWriteProblem})" : "");

    /// <summary>
    /// The key of a fused detector's evidence: the network's weights digest (<see cref="Model.Checkpoints.ModelFile.WeightsDigest"/>),
    /// the predictor settings, the classical analyzers and the optional ones, and this build's version (with its commit):
    /// entries of another build are not read, since its analyzers may differ.
    /// </summary>
    public static string KeyOf(string weightsDigest, string predictorSettings, IEnumerable<string> classicalAnalyzers, IEnumerable<string> optionalAnalyzers)
    {
        var build = typeof(EvidenceCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return string.Join('\n', $"format {FormatVersion}", $"weights {weightsDigest}", $"predictor {predictorSettings}",
            $"classical {string.Join(',', classicalAnalyzers)}", $"optional {string.Join(',', optionalAnalyzers)}", $"build {build}");
    }

    /// <summary>The entry's file for an image file's bytes.</summary>
    public string PathFor(byte[] fileBytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_key);
        hash.AppendData(fileBytes);
        return Path.Combine(Folder, Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant() + Extension);
    }

    /// <summary>The image's evidence on <paramref name="grid"/>, or null when there is none (or a damaged one, or one on another grid).</summary>
    public GatheredEvidence? Read(byte[] fileBytes, Size grid)
    {
        var path = PathFor(fileBytes);
        if (!File.Exists(path))
            return null;
        var maps = new Dictionary<string, Mat>();
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
                return null;
            var stored = new Size(reader.ReadInt32(), reader.ReadInt32());
            if (stored != grid)
                return null;
            double modelScore = reader.ReadDouble(), classicalScore = reader.ReadDouble();
            var found = new HashSet<string>(StringComparer.Ordinal);
            for (int count = reader.ReadInt32(), index = 0; index < count; index++)
                found.Add(reader.ReadString());
            for (int count = reader.ReadInt32(), index = 0; index < count; index++)
            {
                var name = reader.ReadString();
                var map = new Mat(grid, MatType.CV_32FC1);
                maps[name] = map;
                // straight into the map's memory (a short file throws EndOfStreamException)
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(map.AsSpan<float>()));
            }
            if (!maps.Remove(ModelEntry, out var model) || !maps.Remove(ClassicalEntry, out var classical))
                throw new InvalidDataException("no model or classical map");
            Interlocked.Increment(ref _hits);
            return new GatheredEvidence(grid, model, modelScore, classical, classicalScore, maps, found);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or OverflowException)
        {
            foreach (var map in maps.Values)
                map.Dispose();
            return null;
        }
    }

    /// <summary>Keeps the image's evidence (written whole to a temporary file and moved into place: a reader never sees half).</summary>
    public void Write(byte[] fileBytes, GatheredEvidence evidence)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(evidence.Grid.Width);
            writer.Write(evidence.Grid.Height);
            writer.Write(evidence.ModelScore);
            writer.Write(evidence.ClassicalScore);
            writer.Write(evidence.Found.Count);
            foreach (var name in evidence.Found)
                writer.Write(name);
            var maps = evidence.AnalyzerMaps.Append(new(ModelEntry, evidence.ModelHeat)).Append(new(ClassicalEntry, evidence.ClassicalHeat)).ToList();
            writer.Write(maps.Count);
            foreach (var (name, map) in maps)
            {
                writer.Write(name);
                writer.Write(MemoryMarshal.AsBytes(map.AsSpan<float>()));
            }
        }
        try
        {
            ImageWriter.WriteAtomically(PathFor(fileBytes), buffer.ToArray());
            Interlocked.Increment(ref _writes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Interlocked.Increment(ref _failedWrites) == 1)
                _firstWriteProblem = e.Message;
        }
    }

    // reserved names beside the analyzers' feature names (which never start with '#')
    private const string ModelEntry = "#model";
    private const string ClassicalEntry = "#classical";
}
