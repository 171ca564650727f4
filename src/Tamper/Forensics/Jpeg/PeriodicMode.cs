namespace Tamper.Forensics.Jpeg;

/// <summary>A DCT frequency whose coefficient histogram repeats with <see cref="Period"/>: the trace of a second compression.</summary>
public sealed record PeriodicMode(int Frequency, int Period, double Strength);
