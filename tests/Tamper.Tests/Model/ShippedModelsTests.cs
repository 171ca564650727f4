using Tamper.Model;

namespace Tamper.Tests.Model;

public sealed class ShippedModelsTests
{
    [Fact]
    public void The_default_model_is_listed_with_its_learned_fusion_and_own_terms_and_noiseprint_with_its_licence()
    {
        var models = ShippedModels.List();

        var shipped = models.Single(model => model.File == "default.tamper");
        shipped.Network.ShouldStartWith("resnet-unet");
        shipped.Network.ShouldContain("learned fusion");
        shipped.Terms.ShouldBe(ShippedModels.OwnTerms);
        models.Single(model => model.File.EndsWith("noiseprint_pp.onnx", StringComparison.Ordinal)).Terms.ShouldContain("non-profit");
    }

    [Fact]
    public void The_noiseprint_model_says_that_its_fusion_runs_noiseprint_and_carries_its_non_profit_terms()
    {
        var models = ShippedModels.List();

        var noiseprint = models.Single(model => model.File == "noiseprint.tamper");
        noiseprint.Network.ShouldEndWith("also runs noiseprint");
        noiseprint.Terms.ShouldBe(Tamper.Model.Layers.NoiseprintExtractor.UseLicense);
        models.Single(model => model.File == "default.tamper").Network.ShouldNotContain("noiseprint");
    }
}
