namespace Tamper.Model.Pretrained;

/// <summary>One convolution of the pretrained file with the batch norm that follows it.</summary>
/// <param name="Weight">Row-major [out, in, k, k].</param>
/// <param name="Shape">[out, in, k, k].</param>
/// <param name="NormMean">Running mean, with any convolution bias already folded in.</param>
public sealed record PretrainedConv(float[] Weight, long[] Shape, float[] NormScale, float[] NormBias, float[] NormMean, float[] NormVariance, double Epsilon)
{
    public long Kernel => Shape[3];
}
