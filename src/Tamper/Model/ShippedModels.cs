using Tamper.Model.Checkpoints;
using Tamper.Model.Pretrained;

namespace Tamper.Model;

/// <summary>The model files that ship beside the binaries, with the terms of their weights (for <c>tamper doctor</c>).</summary>
public static class ShippedModels
{
    public const string OwnTerms = "MIT, like Tamper's code (weights trained by the project)";

    /// <summary>Every <c>.tamper</c> file in the shipped models folder, plus the pretrained parts that ship as their own files.</summary>
    public static IReadOnlyList<ShippedModel> List()
    {
        var folder = System.IO.Path.GetDirectoryName(DefaultModel.Path())!;
        var models = new List<ShippedModel>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*" + ModelFile.Extension).Order(StringComparer.Ordinal))
            {
                try
                {
                    var description = ModelFile.ReadDescription(path);
                    models.Add(new ShippedModel(System.IO.Path.GetFileName(path), Contents(description), description.License ?? OwnTerms));
                }
                catch (InputFileException e)
                {
                    models.Add(new ShippedModel(System.IO.Path.GetFileName(path), "?", $"unreadable: {e.Message}"));
                }
            }
        }
        models.Add(new ShippedModel("pretrained/noiseprintpp/noiseprint_pp.onnx", "Noiseprint++ extractor (the noiseprint analyser; frozen part of resnet-unet-np)",
            File.Exists(NoiseprintWeights.DefaultPath()) ? Layers.NoiseprintExtractor.License : "missing: rebuild"));
        models.Add(new ShippedModel("pretrained/ResNet18.onnx", "ImageNet ResNet18 (encoder start of new runs)",
            "MIT (NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18)"));
        return models;
    }

    private static string Contents(ModelDescription description) => description.Fusion switch
    {
        null => description.Network.Name,
        { OptionalAnalyzers.Count: 0 } => $"{description.Network.Name}, with a learned fusion for --method fused",
        var fusion => $"{description.Network.Name}, with a learned fusion for --method fused that also runs {string.Join(", ", fusion.OptionalAnalyzers)}",
    };
}
