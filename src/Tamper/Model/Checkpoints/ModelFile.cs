using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Tamper.Imaging;
using Tamper.Model.Precision;
using static TorchSharp.torch;

namespace Tamper.Model.Checkpoints;

/// <summary>
/// A model file (<c>.tamper</c>): a zip holding <c>model.json</c> (<see cref="ModelDescription"/>) and
/// <c>weights.bin</c> (the network's state in TorchSharp's format). One file to copy; the zip's checksums
/// catch a damaged download. Loading checks every part and names what is wrong.
/// </summary>
public static class ModelFile
{
    public const string Extension = ".tamper";
    private const string DescriptionEntry = "model.json";
    private const string WeightsEntry = "weights.bin";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes to a temporary file and moves it into place, so a crash never leaves half a model.</summary>
    public static void Save(string path, LocalizerNetwork network, ModelDescription description)
    {
        if (NetworkPrecision.Of(network) != ComputePrecision.Fp32)
            throw new InvalidOperationException("model files hold float32 weights: save the float32 network, not a converted copy");
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = archive.CreateEntry(DescriptionEntry, CompressionLevel.Optimal).Open())
                // the terms of what the model contains or needs: its network's weights, else what its fusion runs
                JsonSerializer.Serialize(entry, description with { Network = network.Spec, License = network.WeightsLicense ?? description.Fusion?.License }, Json);
            using var weights = archive.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open();
            using var writer = new BinaryWriter(weights);
            network.save(writer);
        }
        ImageWriter.WriteAtomically(path, buffer.ToArray());
    }

    public static ModelDescription ReadDescription(string path)
    {
        using var archive = Open(path);
        return ReadDescription(path, archive);
    }

    /// <summary>Loads the network (in evaluation mode) and its description.</summary>
    public static (LocalizerNetwork Network, ModelDescription Description) Load(string path)
    {
        using var archive = Open(path);
        var description = ReadDescription(path, archive);
        LocalizerNetwork network;
        try
        {
            network = NetworkRegistry.Create(description.Network);
        }
        catch (UnknownNameException e)
        {
            throw new InputFileException(path, $"model.json: {e.Message}");
        }
        var entry = archive.GetEntry(WeightsEntry) ?? throw new InputFileException(path, $"not a complete model file: no {WeightsEntry}");
        try
        {
            using var weights = new MemoryStream();
            using (var stream = entry.Open())
                stream.CopyTo(weights);
            weights.Position = 0;
            using var reader = new BinaryReader(weights);
            network.load(reader, strict: true);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new InputFileException(path, $"{WeightsEntry} is damaged or does not fit network '{description.Network.Name}' ({e.Message})");
        }
        network.eval();
        return (network, description);
    }

    /// <summary>
    /// SHA-256 of the network's weights (hex): the same for two model files that differ only in their description (a
    /// new fusion, other operating points), different for any other network.
    /// </summary>
    public static string WeightsDigest(string path)
    {
        using var archive = Open(path);
        var entry = archive.GetEntry(WeightsEntry) ?? throw new InputFileException(path, $"not a complete model file: no {WeightsEntry}");
        try
        {
            using var stream = entry.Open();
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (InvalidDataException e)
        {
            throw new InputFileException(path, $"{WeightsEntry} is damaged ({e.Message})");
        }
    }

    private static ZipArchive Open(string path)
    {
        if (Directory.Exists(path))
            path = Path.Combine(path, "model" + Extension);
        if (!File.Exists(path))
            throw new InputFileException(path, "model file not found");
        var stream = File.OpenRead(path);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            stream.Dispose();
            throw new InputFileException(path, "not a Tamper model file (not a zip archive with model.json and weights.bin)");
        }
    }

    private static ModelDescription ReadDescription(string path, ZipArchive archive)
    {
        var entry = archive.GetEntry(DescriptionEntry) ?? throw new InputFileException(path, $"not a Tamper model file: no {DescriptionEntry}");
        ModelDescription? description;
        try
        {
            using var stream = entry.Open();
            description = JsonSerializer.Deserialize<ModelDescription>(stream, Json);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InputFileException(path, $"{DescriptionEntry} is damaged ({e.Message})");
        }
        if (description is null || description.Network is null || string.IsNullOrWhiteSpace(description.Network.Name))
            throw new InputFileException(path, $"{DescriptionEntry} names no network");
        if (description.Format != ModelDescription.FormatName)
            throw new InputFileException(path, $"{DescriptionEntry}: format '{description.Format}', expected '{ModelDescription.FormatName}'");
        if (description.Version > ModelDescription.FormatVersion)
            throw new InputFileException(path, $"model format version {description.Version} is newer than this tamper reads ({ModelDescription.FormatVersion}): update tamper");
        if (description.Threshold is <= 0 or >= 1 || description.ImageThreshold is < 0 or >= 1)
            throw new InputFileException(path, $"{DescriptionEntry}: thresholds must lie in 0..1");
        try
        {
            description.Fusion?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InputFileException(path, $"{DescriptionEntry}: {e.Message}");
        }
        return description;
    }
}
