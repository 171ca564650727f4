namespace Tamper.Calibration;

/// <summary>
/// One half of a held-out check (<see cref="CalibrationSweep.HeldOut"/>): the points chosen on the other half, and the same
/// settings measured on this one.
/// </summary>
/// <param name="CapMet">Whether a setting met the false-alarm cap on the choosing half (else the one with the fewest false alarms was taken).</param>
public sealed record HoldoutFold(CalibrationPoint ChosenAnalyst, bool CapMet, CalibrationPoint ChosenContest, CalibrationPoint MeasuredAnalyst, CalibrationPoint MeasuredContest);
