namespace Tamper;

/// <summary>A name that is not in a registry (analyser, detection method, ...): the message lists the known names.</summary>
public sealed class UnknownNameException(string kind, string name, IEnumerable<string> known)
    : ArgumentException($"unknown {kind} '{name}' (known: {string.Join(", ", known)})");
