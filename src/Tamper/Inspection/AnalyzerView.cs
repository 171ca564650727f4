using Tamper.Forensics;

namespace Tamper.Inspection;

/// <summary>One analyzer's part of an inspection: its findings, the file name of its color map (if any) and copy-move pairs.</summary>
public sealed record AnalyzerView(string Name, string Description, IReadOnlyList<Finding> Findings, string? Map, IReadOnlyList<RegionPair> Pairs, double Seconds);
