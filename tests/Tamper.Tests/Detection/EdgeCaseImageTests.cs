using OpenCvSharp;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Detection;

[Collection(TorchCollection.Name)]
public sealed class EdgeCaseImageTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    [InlineData(7, 300)]
    [InlineData(1000, 3)]
    [InlineData(17, 23)]
    public void Tiny_and_extreme_aspect_images_go_through_every_analyzer_and_the_detector(int width, int height)
    {
        using var image = Masks.ColorImage(width, height, seed: width * 31 + height);
        foreach (var jpeg in new int?[] { null, 85 })
        {
            var input = Forgeries.Input(image, jpeg);
            using (input.Image)
            {
                // every analyzer, the opt-in noiseprint one included
                foreach (var analyzer in AnalyzerRegistry.Names.Select(AnalyzerRegistry.Create))
                {
                    using var result = analyzer.Analyze(input);
                    if (result.Map is { } map)
                    {
                        (map.Cols, map.Rows).ShouldBe((width, height), analyzer.Name);
                        Cv2.MinMaxLoc(map, out double min, out double max);
                        min.ShouldBeGreaterThanOrEqualTo(0, analyzer.Name);
                        max.ShouldBeLessThanOrEqualTo(1, analyzer.Name);
                    }
                }
                using var detection = ClassicalDetector.Default().Detect(input);
                (detection.Mask.Cols, detection.Mask.Rows).ShouldBe((width, height));
            }
        }
    }

    [Fact]
    public void A_uniform_image_gives_no_detection_and_finite_maps()
    {
        using var gray = new Mat(120, 160, MatType.CV_8UC3, Scalar.All(128));
        var input = Forgeries.Input(gray, 90);
        using (input.Image)
        {
            using (var detection = ClassicalDetector.Default().Detect(input))
            {
                Cv2.CountNonZero(detection.Mask).ShouldBe(0);
                Cv2.CheckRange(detection.Heatmap).ShouldBeTrue();
            }
            // a flat image has no camera trace at all: the noiseprint maps stay finite
            using var trace = new NoiseprintAnalyzer().Analyze(input);
            Cv2.CheckRange(trace.Map!).ShouldBeTrue();
            foreach (var detail in trace.DetailMaps.Values)
                Cv2.CheckRange(detail).ShouldBeTrue();
        }
    }
}
