namespace Tamper.Forensics;

/// <summary>A region found twice (copy-move): bounding boxes of the source and the copy, in image pixels, and a sentence.</summary>
public sealed record RegionPair(int SourceX, int SourceY, int SourceWidth, int SourceHeight, int TargetX, int TargetY, int TargetWidth, int TargetHeight, string Description);
