using System.Text;
using System.Text.Json;
using Tamper.Imaging;

namespace Tamper.Detection;

/// <summary>
/// The memory of a mask folder: the settings that made it (<c>.tamper-detect.json</c>) and one JSON line per finished
/// image (<c>.tamper-records.jsonl</c>, appended as each mask is written), so a resumed or sharded batch still reports
/// every image of the folder. A rerun with other settings is refused unless it overwrites; a line cut short by a
/// killed process is ignored.
/// </summary>
public sealed class DetectionFolder
{
    public const string SettingsName = ".tamper-detect.json";
    public const string RecordsName = ".tamper-records.jsonl";

    private static readonly JsonSerializerOptions Line = new(ReportJson.Options) { WriteIndented = false };
    private readonly object _gate = new();
    private readonly string _records;

    private DetectionFolder(string maskFolder) => _records = Path.Combine(maskFolder, RecordsName);

    /// <summary>
    /// Checks every output location (before any work), compares the settings with those the folder was made with, and
    /// records the new ones. Other settings are an <see cref="OutputLocationException"/> unless <paramref name="overwrite"/>,
    /// which starts the records afresh.
    /// </summary>
    public static DetectionFolder Open(DetectionOutputs outputs, DetectionSettings settings, bool overwrite)
    {
        OutputLocations.PrepareFolder(outputs.MaskFolder);
        if (outputs.HeatmapFolder is { } heatmaps) OutputLocations.PrepareFolder(heatmaps);
        if (outputs.OverlayFolder is { } overlays) OutputLocations.PrepareFolder(overlays);
        var folder = new DetectionFolder(outputs.MaskFolder);
        var settingsPath = Path.Combine(outputs.MaskFolder, SettingsName);
        if (ReadSettings(settingsPath) is { } before && settings.DifferencesFrom(before) is { Count: > 0 } differences)
        {
            if (!overwrite)
                throw new OutputLocationException(outputs.MaskFolder,
                    $"made with other settings ({string.Join("; ", differences)}): overwrite to recompute every image, or write elsewhere");
            File.Delete(folder._records);
        }
        ImageWriter.WriteAtomically(settingsPath, JsonSerializer.SerializeToUtf8Bytes(settings, ReportJson.Options));
        return folder;
    }

    /// <summary>Appends one image's record (after its mask is written); safe to call from several threads.</summary>
    public void Append(DetectionRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Line) + "\n");
        lock (_gate)
        {
            using var stream = new FileStream(_records, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes);
        }
    }

    /// <summary>Every image recorded in the folder whose mask exists (the latest line per id), ordered by id; lines cut short are skipped.</summary>
    public IReadOnlyList<DetectionRecord> Records()
    {
        if (!File.Exists(_records))
            return [];
        var latest = new Dictionary<string, DetectionRecord>(StringComparer.Ordinal);
        foreach (var text in File.ReadLines(_records))
        {
            try
            {
                if (JsonSerializer.Deserialize<DetectionRecord>(text, Line) is { Id: not null } record)
                    latest[record.Id] = record;
            }
            catch (JsonException)
            {
                // the last line of a killed run
            }
        }
        return [.. latest.Values.Where(record => File.Exists(record.Mask)).OrderBy(record => record.Id, StringComparer.Ordinal)];
    }

    private static DetectionSettings? ReadSettings(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<DetectionSettings>(File.ReadAllBytes(path), ReportJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
