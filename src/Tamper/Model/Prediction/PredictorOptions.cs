using Tamper.Model.Precision;

namespace Tamper.Model.Prediction;

/// <param name="TileSize">Largest side the network sees at once; bigger images are tiled (memory stays bounded).</param>
/// <param name="Overlap">Pixels shared by neighboring tiles, blended linearly.</param>
/// <param name="FlipTta">Also predict the horizontally and vertically flipped image and average (3× the time).</param>
/// <param name="Precision">What a detector converts its network to after loading (the predictor itself follows the network it is given).</param>
/// <param name="FoldBatchNorm">Whether a detector folds its network's batch norms into the convolutions after loading (same output, fewer passes; see <see cref="Layers.BatchNormFolding"/>).</param>
public sealed record PredictorOptions(int TileSize = 1024, int Overlap = 128, bool FlipTta = false, ComputePrecision Precision = ComputePrecision.Fp32, bool FoldBatchNorm = true);
