namespace Tamper.Data;

/// <summary>One image and its mask, matched by id (the image's file stem).</summary>
public sealed record SamplePair(string Id, string ImagePath, string MaskPath, int Width, int Height);
