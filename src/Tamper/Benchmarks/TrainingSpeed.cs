using Tamper.Model.Precision;

namespace Tamper.Benchmarks;

/// <summary>Training-loop speed of one precision: mean crops/s over the timed steps, and the rate of the median step.</summary>
public sealed record TrainingSpeed(ComputePrecision Precision, int SynthesisReuse, int Steps, int Batch, int Crop, double CropsPerSecond, double MedianStepCropsPerSecond);
