namespace Tamper.Training;

/// <summary>How a run ended: finished all epochs or stopped (Ctrl-C) with a checkpoint to resume from.</summary>
public sealed record TrainingOutcome(bool Completed, TrainingState State, string LastModel, string? BestModel);
