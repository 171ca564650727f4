namespace Tamper.Inspection;

/// <summary>An inspection: the report and its files (name → bytes: PNG or JPEG, and report.json).</summary>
public sealed record InspectionResult(InspectionReport Report, IReadOnlyDictionary<string, byte[]> Files);
