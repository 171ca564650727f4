using System.Runtime.InteropServices;
using OpenCvSharp;
using Tamper.Model.Precision;
using Tamper.Native;
using static TorchSharp.torch;

namespace Tamper.Model.Prediction;

/// <summary>
/// Runs a network on an image of any size: tiles of at most <see cref="PredictorOptions.TileSize"/> with
/// blended overlaps (<see cref="TileGrid"/>), each padded by reflection to the network's size multiple,
/// optional flip averaging. Memory: the image, two float maps of image size and one tile's activations.
/// The same code scores validation images during training, so what training picks is what detect does.
/// Not thread-safe: one predictor per thread (libtorch uses the threads it is given).
/// </summary>
public sealed class Predictor(LocalizerNetwork network, PredictorOptions? options = null)
{
    public LocalizerNetwork Network { get; } = network;

    public PredictorOptions Options { get; } = options ?? new PredictorOptions();

    /// <param name="bgr">CV_8UC3 (BGR) or CV_8UC1 (gray, converted).</param>
    public Prediction Predict(Mat bgr)
    {
        using var color = bgr.Channels() == 1 ? bgr.CvtColor(ColorConversionCodes.GRAY2BGR) : null;
        var image = color ?? bgr;
        int width = image.Cols, height = image.Rows;
        var heat = new Mat(height, width, MatType.CV_32FC1, Scalar.All(0));
        // the tiles form a grid and each window is a row ramp times a column ramp, so the summed weight at (x, y) is
        // rowSums[y] x columnSums[x]: two vectors instead of a second image-sized float map (160 MB at 40 MP)
        var rowSums = new float[height];
        var columnSums = new float[width];
        double imageScore = 0;
        bool wasTraining = Network.training;
        Network.eval();
        try
        {
            var columnSpans = TileGrid.Spans(width, Options.TileSize, Options.Overlap);
            foreach (var (left, tileWidth) in columnSpans)
                Accumulate(columnSums, left, TileGrid.Ramp(left, tileWidth, width, Options.Overlap));
            foreach (var (top, tileHeight) in TileGrid.Spans(height, Options.TileSize, Options.Overlap))
            {
                var rowWeights = TileGrid.Ramp(top, tileHeight, height, Options.Overlap);
                Accumulate(rowSums, top, rowWeights);
                foreach (var (left, tileWidth) in columnSpans)
                {
                    var rect = new Rect(left, top, tileWidth, tileHeight);
                    using var tile = new Mat(image, rect);
                    var (probabilities, score) = PredictTile(tile);
                    using var tileProbabilities = probabilities;
                    imageScore = Math.Max(imageScore, score);
                    var columnWeights = TileGrid.Ramp(left, tileWidth, width, Options.Overlap);
                    using var window = Outer(rowWeights, columnWeights);
                    using var weighted = probabilities.Mul(window).ToMat();
                    using (var heatTile = new Mat(heat, rect))
                        Cv2.Add(heatTile, weighted, heatTile);
                }
            }
            var rows = heat.AsRows<float>();
            for (int row = 0; row < height; row++)
            {
                var line = rows[row];
                float rowSum = rowSums[row];
                for (int column = 0; column < width; column++)
                    line[column] /= rowSum * columnSums[column];
            }
        }
        finally
        {
            Network.train(wasTraining);
        }
        return new Prediction(heat, imageScore);
    }

    /// <summary>Probabilities of one tile (CV_32FC1, tile size) and its image-level probability.</summary>
    private (Mat Probabilities, double ImageScore) PredictTile(Mat tile)
    {
        int multiple = Network.SizeMultiple;
        int paddedHeight = (tile.Rows + multiple - 1) / multiple * multiple, paddedWidth = (tile.Cols + multiple - 1) / multiple * multiple;
        using var padded = new Mat();
        // reflection needs the image to be larger than the padding; tiny images fall back to replication
        var border = tile.Rows > paddedHeight - tile.Rows && tile.Cols > paddedWidth - tile.Cols ? BorderTypes.Reflect101 : BorderTypes.Replicate;
        Cv2.CopyMakeBorder(tile, padded, 0, paddedHeight - tile.Rows, 0, paddedWidth - tile.Cols, border);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        // inputs follow the network's precision (bf16: channels-last); outputs are read back in float32
        var input = NetworkPrecision.Input(ToTensor(padded), NetworkPrecision.Of(Network));
        Tensor probabilities;
        Tensor imageProbability;
        if (!Options.FlipTta)
        {
            var output = Float32(Network.forward(input));
            probabilities = output.MaskLogits.sigmoid();
            imageProbability = output.ImageLogits.sigmoid();
        }
        else
        {
            var plain = Float32(Network.forward(input));
            var horizontal = Float32(Network.forward(input.flip(3)));
            var vertical = Float32(Network.forward(input.flip(2)));
            probabilities = (plain.MaskLogits.sigmoid() + horizontal.MaskLogits.flip(3).sigmoid() + vertical.MaskLogits.flip(2).sigmoid()) / TorchScalars.Of(3);
            imageProbability = (plain.ImageLogits.sigmoid() + horizontal.ImageLogits.sigmoid() + vertical.ImageLogits.sigmoid()) / TorchScalars.Of(3);
        }
        var cropped = probabilities[0, 0, TensorIndex.Slice(0, tile.Rows), TensorIndex.Slice(0, tile.Cols)].contiguous();
        var values = cropped.data<float>().ToArray();
        var map = new Mat(tile.Rows, tile.Cols, MatType.CV_32FC1);
        Marshal.Copy(values, 0, map.Data, values.Length);
        return (map, imageProbability.item<float>());
    }

    private static LocalizerOutput Float32(LocalizerOutput output) =>
        new(output.MaskLogits.to_type(ScalarType.Float32), output.ImageLogits.to_type(ScalarType.Float32));

    /// <summary>A BGR 8-bit Mat as a [1,3,H,W] float tensor of 0..255.</summary>
    public static Tensor ToTensor(Mat bgr)
    {
        using var continuous = bgr.IsContinuous() ? null : bgr.Clone();
        var source = continuous ?? bgr;
        var bytes = new byte[source.Rows * source.Cols * 3];
        Marshal.Copy(source.Data, bytes, 0, bytes.Length);
        using var raw = tensor(bytes, [source.Rows, source.Cols, 3]);
        return raw.permute(2, 0, 1).unsqueeze(0).to_type(ScalarType.Float32).contiguous();
    }

    private static void Accumulate(float[] sums, int start, float[] ramp)
    {
        for (int index = 0; index < ramp.Length; index++)
            sums[start + index] += ramp[index];
    }

    private static Mat Outer(float[] rows, float[] columns)
    {
        var window = new Mat(rows.Length, columns.Length, MatType.CV_32FC1);
        var line = new float[columns.Length];
        for (int row = 0; row < rows.Length; row++)
        {
            for (int column = 0; column < columns.Length; column++)
                line[column] = rows[row] * columns[column];
            Marshal.Copy(line, 0, window.Ptr(row), line.Length);
        }
        return window;
    }
}
