namespace Tamper.Training;

/// <summary>One finished epoch: training loss averages, speed and the validation figures.</summary>
public sealed record EpochRecord(
    int Epoch,
    long Step,
    long Crops,
    double Seconds,
    double Loss,
    double Bce,
    double Dice,
    double ImageLoss,
    double LearningRate,
    double CropsPerSecond,
    int SkippedSteps,
    ValidationResult? Validation);
