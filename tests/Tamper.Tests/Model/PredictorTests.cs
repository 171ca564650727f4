using OpenCvSharp;
using Tamper.Model;
using Tamper.Model.Prediction;
using Tamper.Tests.Support;
using static TorchSharp.torch;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class PredictorTests
{
    [Theory]
    [InlineData(100, 256, 32, new[] { 0 })]
    [InlineData(256, 256, 32, new[] { 0 })]
    [InlineData(500, 256, 64, new[] { 0, 145, 290 })]
    [InlineData(1000, 400, 100, new[] { 0, 300, 600 })]
    [InlineData(1100, 1024, 128, new[] { 0, 485 })]
    public void Tiles_cover_the_axis_and_the_last_one_ends_at_the_border(int length, int tile, int overlap, int[] starts)
    {
        var spans = TileGrid.Spans(length, tile, overlap);
        spans.Select(span => span.Start).ShouldBe(starts);
        spans.ShouldAllBe(span => span.Length <= tile && span.Length == spans[0].Length);
        (spans[^1].Start + spans[^1].Length).ShouldBe(length);
        for (int index = 1; index < spans.Count; index++)
            (spans[index - 1].Start + spans[index - 1].Length - spans[index].Start).ShouldBeGreaterThanOrEqualTo(overlap);
    }

    [Fact]
    public void Tiled_prediction_equals_whole_image_prediction_away_from_the_borders()
    {
        random.manual_seed(11);
        using var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        network.eval();
        // a random network's output hovers at 0.5; a steeper head makes differences between the two visible
        using (no_grad())
            network.named_parameters().Single(parameter => parameter.name == "_head.weight").parameter.mul_(200);
        using var image = Masks.ColorImage(400, 336, seed: 4);
        using var whole = new Predictor(network, new PredictorOptions(TileSize: 1024)).Predict(image);
        using var tiled = new Predictor(network, new PredictorOptions(TileSize: 224, Overlap: 96)).Predict(image);
        tiled.Heatmap.Size().ShouldBe(image.Size());
        whole.Heatmap.Size().ShouldBe(image.Size());

        const int border = 24;
        var interior = new Rect(border, border, image.Cols - 2 * border, image.Rows - 2 * border);
        using var difference = new Mat();
        Cv2.Absdiff(whole.Heatmap[interior], tiled.Heatmap[interior], difference);
        Cv2.MinMaxLoc(difference, out _, out double largest);
        double mean = Cv2.Mean(difference).Val0;
        Cv2.MinMaxLoc(whole.Heatmap, out double low, out double high);
        (high - low).ShouldBeGreaterThan(0.01, "a flat map would make the comparison empty");
        largest.ShouldBeLessThan(0.02);
        mean.ShouldBeLessThan(0.001);
    }

    [Fact]
    public void Any_size_works_and_flip_tta_keeps_the_map_aligned()
    {
        random.manual_seed(12);
        using var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        foreach (var (width, height) in new[] { (7, 5), (33, 170), (300, 17) })
        {
            using var image = Masks.ColorImage(width, height, seed: width);
            using var prediction = new Predictor(network, new PredictorOptions(TileSize: 128, Overlap: 32, FlipTta: true)).Predict(image);
            prediction.Heatmap.Size().ShouldBe(image.Size());
            prediction.ImageScore.ShouldBeInRange(0, 1);
        }
    }

    [Fact]
    public void Flip_tta_is_the_mean_of_the_flipped_predictions_flipped_back()
    {
        random.manual_seed(13);
        using var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        using var image = Masks.ColorImage(80, 48, seed: 9);
        var plain = new Predictor(network);
        using var averaged = new Predictor(network, new PredictorOptions(FlipTta: true)).Predict(image);
        using var expected = Mean(plain, image);
        using var difference = new Mat();
        Cv2.Absdiff(averaged.Heatmap, expected, difference);
        Cv2.MinMaxLoc(difference, out _, out double largest);
        largest.ShouldBeLessThan(1e-5);
    }

    private static Mat Mean(Predictor predictor, Mat image)
    {
        using var direct = predictor.Predict(image);
        var sum = direct.Heatmap.Clone();
        foreach (var mode in new[] { FlipMode.Y, FlipMode.X })
        {
            using var flipped = image.Flip(mode);
            using var prediction = predictor.Predict(flipped);
            using var back = prediction.Heatmap.Flip(mode);
            Cv2.Add(sum, back, sum);
        }
        Cv2.Divide(sum, Scalar.All(3), sum);
        return sum;
    }
}
