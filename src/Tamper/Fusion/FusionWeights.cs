using OpenCvSharp;

namespace Tamper.Fusion;

/// <summary>
/// The learned fusion, stored in the model file: two logistic regressions over <see cref="FusionFeatures"/>. Heat of a
/// grid cell = σ(<see cref="PixelBias"/> + Σ weight × pixel feature); image score = σ(<see cref="ImageBias"/> + Σ weight ×
/// image feature). A feature without a weight counts 0. Fitted by <c>tamper fuse</c> (<see cref="FusionFit"/>).
/// </summary>
/// <param name="Pixel">Weight of each pixel feature, by name.</param>
/// <param name="Image">Weight of each image feature, by name.</param>
public sealed record FusionWeights(IReadOnlyDictionary<string, double> Pixel, double PixelBias, IReadOnlyDictionary<string, double> Image, double ImageBias)
{
    /// <summary>How the weights were fitted (command, data, counts; free text).</summary>
    public string? FittedBy { get; init; }

    /// <summary>Every name known and every weight finite; otherwise says which is not (a damaged or newer model file).</summary>
    /// <exception cref="ArgumentException">An unknown feature or a weight that is not a number.</exception>
    public void Validate()
    {
        foreach (var (features, known) in new[] { (Pixel, FusionFeatures.KnownPixel), (Image, FusionFeatures.KnownImage) })
            foreach (var (name, weight) in features)
            {
                if (!known.Contains(name))
                    throw new UnknownNameException("fusion feature", name, known);
                if (!double.IsFinite(weight))
                    throw new ArgumentException($"fusion weight of '{name}' is not a finite number ({weight})");
            }
        if (!double.IsFinite(PixelBias) || !double.IsFinite(ImageBias))
            throw new ArgumentException("a fusion bias is not a finite number");
    }

    /// <summary>The optional analyzers (<see cref="FusionFeatures.OptionalAnalyzerDetails"/>) whose maps this fusion weighs: the fused detector runs them.</summary>
    public IReadOnlyList<string> OptionalAnalyzers
    {
        get
        {
            // a surroundings feature needs the map it is made of
            var maps = Pixel.Keys.Select(name => FusionFeatures.SurroundingsOf(name)?.Map ?? name).ToHashSet();
            return [.. FusionFeatures.OptionalAnalyzers.Where(analyzer => FusionFeatures.OptionalFeaturesOf(analyzer)
                .Any(feature => maps.Contains(feature) || Image.ContainsKey(FusionFeatures.Top(feature))))];
        }
    }

    /// <summary>The terms a model with this fusion carries: the Noiseprint++ licence when it weighs that trace, else none of its own.</summary>
    public string? License => OptionalAnalyzers.Contains("noiseprint") ? Model.Layers.NoiseprintExtractor.UseLicense : null;

    /// <summary>
    /// The fused heat map on the evidence's grid (CV_32FC1, 0..1). Where the copy-move analyzer found bit-exact copies
    /// (a lossless file; <see cref="FusionEvidence.ExactCopies"/>), the heat is its map (1 on both occurrences of each
    /// copy, 0 elsewhere) whatever the weights: such copies are verified on their own, and the rest of the weighed heat
    /// there was mostly screenshot text and flat panels (measured on real-dev with the same fit: contest 0.621 → 0.670,
    /// held out 0.621 → 0.635; analyst 0.39 → 0.45; model card, session 8).
    /// </summary>
    public Mat Heat(FusionEvidence evidence)
    {
        if (evidence.ExactCopies && evidence.Map("copymove") is { } copies)
            return copies.Clone();
        var logit = new Mat(evidence.Grid, MatType.CV_32FC1, Scalar.All(PixelBias));
        foreach (var (name, weight) in Pixel)
        {
            if (evidence.Map(name) is { } map)
                Cv2.ScaleAdd(map, weight, logit, logit);
        }
        // σ(x) = 1 / (1 + e^-x), in place
        Cv2.Multiply(logit, Scalar.All(-1), logit);
        Cv2.Exp(logit, logit);
        Cv2.Add(logit, Scalar.All(1), logit);
        Cv2.Divide(1.0, logit, logit);
        return logit;
    }

    /// <summary>The fused image score (0..1).</summary>
    public double ImageScore(FusionEvidence evidence) =>
        Sigmoid(ImageBias + Image.Sum(entry => entry.Value * evidence.Image(entry.Key)));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
