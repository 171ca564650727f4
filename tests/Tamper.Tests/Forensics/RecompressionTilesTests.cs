using OpenCvSharp;
using Tamper.Forensics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Forensics;

public sealed class RecompressionTilesTests
{
    [Fact]
    public void The_error_map_in_tiles_equals_the_whole_image_error_away_from_tile_edges()
    {
        int width = Maps.ErrorTileSide + 600, height = 200;
        using var image = Masks.ColorImage(width, height, seed: 7);
        using var tiled = Maps.RecompressionError(image, 90);
        using var whole = WholeImageError(image, 90);
        tiled.Size().ShouldBe(image.Size());
        tiled.Type().ShouldBe(MatType.CV_8UC1);
        // chroma upsampling reads a macroblock's neighbors: only the columns next to the tile edge may differ
        int edge = Maps.ErrorTileSide;
        using var left = new Mat(tiled, new Rect(0, 0, edge - 16, height));
        using var leftWhole = new Mat(whole, new Rect(0, 0, edge - 16, height));
        using var right = new Mat(tiled, new Rect(edge + 16, 0, width - edge - 16, height));
        using var rightWhole = new Mat(whole, new Rect(edge + 16, 0, width - edge - 16, height));
        Difference(left, leftWhole).ShouldBe(0);
        Difference(right, rightWhole).ShouldBe(0);
        (Cv2.Norm(tiled, whole, NormTypes.L1) / ((double)width * height)).ShouldBeLessThan(0.05);
    }

    [Fact]
    public void An_image_within_one_tile_gives_exactly_the_whole_image_error()
    {
        using var image = Masks.ColorImage(640, 480, seed: 8);
        using var tiled = Maps.RecompressionError(image, 75);
        using var whole = WholeImageError(image, 75);
        Difference(tiled, whole).ShouldBe(0);
        Cv2.CountNonZero(tiled).ShouldBeGreaterThan(0);
    }

    private static Mat WholeImageError(Mat image, int quality)
    {
        using var saved = Maps.Recompress(image, quality);
        using var difference = new Mat();
        Cv2.Absdiff(image, saved, difference);
        var channels = difference.Split();
        var largest = channels[0].Clone();
        foreach (var channel in channels) { Cv2.Max(largest, channel, largest); channel.Dispose(); }
        return largest;
    }

    private static int Difference(Mat first, Mat second)
    {
        using var unequal = new Mat();
        Cv2.Compare(first, second, unequal, CmpTypes.NE);
        return Cv2.CountNonZero(unequal);
    }
}
