using Tamper.Forensics;

namespace Tamper.Inspection;

/// <summary>One analyser's part of an inspection: its findings, the file name of its colour map (if any) and copy-move pairs.</summary>
public sealed record AnalyserView(string Name, string Description, IReadOnlyList<Finding> Findings, string? Map, IReadOnlyList<RegionPair> Pairs, double Seconds);
