namespace Tamper.Training.Samples;

/// <summary>
/// One step's crops, ready for tensors: images [N,3,C,C] BGR 0..255, masks [N,1,C,C] 0/1, and image labels
/// [N] (1 when the crop holds any tampered pixel).
/// </summary>
public sealed record TrainingBatch(long Step, int Count, int Crop, float[] Images, float[] Masks, float[] Labels);
