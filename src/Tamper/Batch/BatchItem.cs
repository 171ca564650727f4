namespace Tamper.Batch;

/// <summary>One input of a batch: its id (the file stem, which names the outputs) and its path.</summary>
public sealed record BatchItem(string Id, string Path);
