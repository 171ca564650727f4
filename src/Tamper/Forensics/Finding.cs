namespace Tamper.Forensics;

/// <summary>One observation of an analyzer: a stable key, a sentence for people, and the number behind it if any.</summary>
public sealed record Finding(string Key, string Text, double? Value = null)
{
    public override string ToString() => Text;
}
