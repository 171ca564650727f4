namespace Tamper.Training;

/// <summary>Where a run is, reported after every step.</summary>
public sealed record TrainingProgress(long Step, long TotalSteps, int Epoch, double Loss, double CropsPerSecond, TimeSpan Remaining);
