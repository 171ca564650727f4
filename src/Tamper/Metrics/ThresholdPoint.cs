namespace Tamper.Metrics;

/// <summary>One threshold (0..1) of a heat-map sweep: mean contest score of the tampered images, share of authentic images given a mask (null without any).</summary>
public sealed record ThresholdPoint(double Threshold, double TamperedMean, double? FalseAlarmShare);
