using OpenCvSharp;
using Tamper.Data;
using Tamper.Model;
using Tamper.Model.Prediction;
using Tamper.Tests.Support;
using Tamper.Training;
using static TorchSharp.torch;

namespace Tamper.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ThresholdCalibrationTests
{
    /// <summary>A network that marks every pixel at 0.95 and gives every image the same image-level probability.</summary>
    private static LocalizerNetwork Constant(double imageProbability)
    {
        var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name.StartsWith("_head.", StringComparison.Ordinal) || name.StartsWith("_imageHead.", StringComparison.Ordinal))
                parameter.zero_();
        }
        network.named_parameters().Single(entry => entry.name == "_head.bias").parameter.fill_(Math.Log(0.95 / 0.05));
        network.named_parameters().Single(entry => entry.name == "_imageHead.bias").parameter.fill_(Math.Log(imageProbability / (1 - imageProbability)));
        network.eval();
        return network;
    }

    private static IReadOnlyList<SamplePair> Set(TempFolder folder, bool tampered)
    {
        for (int index = 0; index < 3; index++)
        {
            Masks.Write(folder.File($"set/images/i{index}.png"), Masks.ColourImage(64, 48, seed: index));
            Masks.Write(folder.File($"set/masks/i{index}.png"), Masks.Filled(64, 48, tampered ? (byte)255 : (byte)0));
        }
        return new DatasetReader().Open(Path.Combine(folder.Path, "set")).Pairs;
    }

    [Fact]
    public void On_authentic_images_the_image_threshold_is_set_above_their_scores()
    {
        using var folder = new TempFolder();
        using var network = Constant(imageProbability: 0.55);
        var points = ThresholdCalibration.Run(new Predictor(network), Set(folder, tampered: false));
        points[0].MeanScore.ShouldBe(2, 1e-9);
        points[0].FalseAlarmShare.ShouldBe(0);
        points[0].ImageThreshold.ShouldBeGreaterThan(0.55);
        points.Single(point => point.ImageThreshold == 0.5 && point.Threshold == 0.5).FalseAlarmShare.ShouldBe(1);
    }

    [Fact]
    public void On_fully_tampered_images_masks_are_kept_and_the_pixel_threshold_is_below_the_heat()
    {
        using var folder = new TempFolder();
        using var network = Constant(imageProbability: 0.55);
        var points = ThresholdCalibration.Run(new Predictor(network), Set(folder, tampered: true));
        points[0].MeanScore.ShouldBe(2, 1e-9);
        points[0].ImageThreshold.ShouldBeLessThanOrEqualTo(0.55);
        points.Where(point => point.ImageThreshold > 0.55).ShouldAllBe(point => point.MeanScore == 0);
    }
}
