namespace Tamper.Detection;

/// <summary>One image's line in the JSON summary of <c>detect</c>.</summary>
public sealed record DetectionRecord(string Id, string File, string Mask, double TamperedShare, double ImageScore, double Seconds, IReadOnlyList<string>? Notices = null);
