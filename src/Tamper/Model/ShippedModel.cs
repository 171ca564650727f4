namespace Tamper.Model;

/// <summary>One shipped model file: its name beside the binaries, the network it holds and the terms of its weights.</summary>
public sealed record ShippedModel(string File, string Network, string Terms);
