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
}
