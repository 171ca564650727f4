namespace Tamper.Calibration;

/// <summary>
/// What operating points chosen on one half of the calibration images score on the other half, both ways
/// (<see cref="CalibrationSweep.HeldOut"/>): each half's figures and the two together (every image measured once, by points
/// it did not choose).
/// </summary>
/// <param name="AnalystTamperedMean">Mean contest score of the tampered images at the analyst points chosen without them.</param>
/// <param name="Flagged">Untouched images given a non-empty mask at those points; <paramref name="Authentic"/>: how many there were.</param>
/// <param name="ContestTamperedMean">The same for the contest points (never an empty mask).</param>
public sealed record HoldoutCheck(IReadOnlyList<HoldoutFold> Folds, double AnalystTamperedMean, int Flagged, int Authentic, double ContestTamperedMean,
    IReadOnlyDictionary<string, double> AnalystGroupMeans, IReadOnlyDictionary<string, double> ContestGroupMeans);
