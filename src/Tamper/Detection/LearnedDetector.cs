using System.Diagnostics;
using System.Globalization;
using Tamper.Forensics;
using Tamper.Masking;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Layers;
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

    /// <param name="operatingPoint">Which of the model's operating points (<see cref="OperatingPoint.Names"/>); the thresholds given override its own.</param>
    /// <param name="pointsOf">Whose operating points to use: this model alone (<c>learned</c>) or a method that thresholds another heat map made with it (<c>fused</c>).</param>
    public LearnedDetector(string modelPath, PredictorOptions? options = null, double? threshold = null, double? imageThreshold = null, string operatingPoint = Model.Checkpoints.OperatingPoint.Analyst,
        string pointsOf = Model.Checkpoints.OperatingPoint.ModelAlone)
    {
        (_network, Description) = ModelFile.Load(modelPath);
        NetworkPrecision.Apply(_network, options?.Precision ?? ComputePrecision.Fp32);
        // the detector's network is never trained: its norms can be folded into the convolutions
        if (options?.FoldBatchNorm ?? true)
            BatchNormFolding.Apply(_network);
        ModelPath = modelPath;
        Predictor = new Predictor(_network, options);
        var point = Description.Point(operatingPoint, pointsOf);
        OperatingPointName = operatingPoint;
        Rule = new MaskRule(point with
        {
            Threshold = threshold ?? point.Threshold,
            ImageThreshold = imageThreshold ?? point.ImageThreshold,
        });
    }

    public const string MethodName = Model.Checkpoints.OperatingPoint.ModelAlone;

    /// <summary>Key of the finding that gives the image-level score and the rule it is judged by.</summary>
    public const string ImageScoreFinding = "learned.image-score";

    public string Method => MethodName;

    public string ModelPath { get; }

    public ModelDescription Description { get; }

    public Predictor Predictor { get; }

    public string OperatingPointName { get; }

    public string? OperatingPoint => OperatingPointName;

    public MaskRule Rule { get; }

    public MaskPostProcessor PostProcessor => Rule.PostProcessor;

    public double ImageThreshold => Rule.Point.ImageThreshold;

    public DetectionResult Detect(ForensicInput input)
    {
        var clock = Stopwatch.StartNew();
        using var prediction = Predictor.Predict(input.Image.Pixels);
        var seconds = new Dictionary<string, double> { ["model"] = clock.Elapsed.TotalSeconds };
        var mask = Rule.ToMask(prediction.Heatmap, prediction.ImageScore);
        var findings = new List<Finding>
        {
            new(ImageScoreFinding, string.Create(CultureInfo.InvariantCulture,
                $"image-level score {prediction.ImageScore:0.00} (model {_network.Spec.Name}, {PrecisionChoice.Name(NetworkPrecision.Of(_network))}, operating point {OperatingPointName}: {Rule.ImageRuleText})"), prediction.ImageScore),
        };
        return new DetectionResult(prediction.Heatmap.Clone(), mask, prediction.ImageScore, findings, seconds);
    }

    public void Dispose() => _network.Dispose();
}
