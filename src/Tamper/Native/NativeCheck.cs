namespace Tamper.Native;

/// <summary>One native dependency and whether it works here.</summary>
public sealed record NativeCheck(string Name, bool Ok, string Detail);
