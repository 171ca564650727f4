namespace Tamper.Training;

/// <summary>Linear warm-up, then cosine decay to <see cref="FloorFactor"/> of the peak at the last step.</summary>
public sealed record LearningRateSchedule(long WarmupSteps, long TotalSteps, double FloorFactor = 0.01)
{
    public double Factor(long step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps)
            return (step + 1.0) / WarmupSteps;
        double progress = TotalSteps <= WarmupSteps ? 1 : Math.Clamp((double)(step - WarmupSteps) / (TotalSteps - WarmupSteps), 0, 1);
        return FloorFactor + (1 - FloorFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
