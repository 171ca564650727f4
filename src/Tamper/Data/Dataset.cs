namespace Tamper.Data;

/// <summary>A folder of (image, mask) pairs in one of the <see cref="DatasetLayout.Known"/> layouts.</summary>
public sealed record Dataset(string Root, DatasetLayout Layout, string ImageFolder, string MaskFolder, IReadOnlyList<SamplePair> Pairs, DatasetReport Report);
