using System.Diagnostics;
using System.Globalization;
using Tamper.Forensics;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;

namespace Tamper.Detection;

/// <summary>
/// The learned detector: a trained network run by the <see cref="Predictor"/> (tiled, optional flip TTA).
/// Mask rule, documented: heat map above the model's threshold, regions under 0.1 % of the image removed;
/// and if the image-level probability (the highest of the tiles') is under the model's image threshold,
/// the whole mask is left empty: an untouched image scores only with an empty mask.
/// </summary>
public sealed class LearnedDetector : IDetector, IDisposable
{
    private readonly LocalizerNetwork _network;

    public LearnedDetector(string modelPath, PredictorOptions? options = null, double? threshold = null, double? imageThreshold = null)
    {
        (_network, Description) = ModelFile.Load(modelPath);
        NetworkPrecision.Apply(_network, options?.Precision ?? ComputePrecision.Fp32);
        ModelPath = modelPath;
        Predictor = new Predictor(_network, options);
        PostProcessor = new MaskPostProcessor(threshold ?? Description.Threshold);
        ImageThreshold = imageThreshold ?? Description.ImageThreshold;
    }

    public string Method => "learned";

    public string ModelPath { get; }

    public ModelDescription Description { get; }

    public Predictor Predictor { get; }

    public MaskPostProcessor PostProcessor { get; }

    public double ImageThreshold { get; }

    public DetectionResult Detect(ForensicInput input)
    {
        var clock = Stopwatch.StartNew();
        using var prediction = Predictor.Predict(input.Image.Pixels);
        var seconds = new Dictionary<string, double> { ["model"] = clock.Elapsed.TotalSeconds };
        var mask = PostProcessor.ToMask(prediction.Heatmap);
        bool judgedAuthentic = prediction.ImageScore < ImageThreshold;
        if (judgedAuthentic)
            mask.SetTo(OpenCvSharp.Scalar.All(0));
        var findings = new List<Finding>
        {
            new("learned.image-score", string.Create(CultureInfo.InvariantCulture,
                $"image-level score {prediction.ImageScore:0.00} (model {_network.Spec.Name}, {PrecisionChoice.Name(NetworkPrecision.Of(_network))}; under {ImageThreshold:0.00} the image is judged unedited and no region is marked)"), prediction.ImageScore),
        };
        return new DetectionResult(prediction.Heatmap.Clone(), mask, prediction.ImageScore, findings, seconds);
    }

    public void Dispose() => _network.Dispose();
}
