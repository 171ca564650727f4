namespace Tamper.Model.Layers;

/// <summary>
/// A layer whose convolutions are each followed by a batch norm that can be folded into them for inference
/// (<see cref="BatchNormFolding"/>): after <see cref="FoldBatchNorm"/> its forward skips the norms.
/// </summary>
public interface IFoldsBatchNorm
{
    /// <summary>Folds every norm into its convolution, once; the layer is then for inference only.</summary>
    void FoldBatchNorm();
}
