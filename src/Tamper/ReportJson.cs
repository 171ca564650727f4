using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tamper;

/// <summary>How the tool writes its JSON reports (detect summaries, inspections): snake_case, indented, nulls left out.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
