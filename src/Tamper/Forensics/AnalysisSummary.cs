namespace Tamper.Forensics;

/// <summary>One analyzer's outcome on one image, once its maps are written: findings, time, files.</summary>
public sealed record AnalysisSummary(string Analyzer, string Description, double Seconds, IReadOnlyList<Finding> Findings, IReadOnlyList<string> Files);
