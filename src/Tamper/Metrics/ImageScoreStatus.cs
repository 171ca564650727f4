namespace Tamper.Metrics;

/// <summary>What happened to one truth image when scoring.</summary>
public enum ImageScoreStatus
{
    Scored,
    MissingPrediction,
    WrongSizePrediction,
    UnreadablePrediction,
    SkippedEmptyTruth,
}
