using Tamper.Data.Synthesis;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Model;

namespace Tamper.Tests.Registries;

public sealed class RegistryTests
{
    [Fact]
    public void An_unknown_name_lists_the_known_ones_and_suggests_the_closest()
    {
        var registry = new Registry<int>("color", [("red", 1), ("green", 2), ("blue", 3)]);

        registry.Resolve(" Green ").ShouldBe(2);
        var typo = Should.Throw<UnknownNameException>(() => registry.Resolve("gren"));
        var unrelated = Should.Throw<UnknownNameException>(() => registry.Resolve("ultraviolet"));

        typo.Message.ShouldBe("unknown color 'gren' (known: red, green, blue); did you mean 'green'?");
        unrelated.Message.ShouldBe("unknown color 'ultraviolet' (known: red, green, blue)");
    }

    [Fact]
    public void Two_entries_with_one_name_are_refused()
    {
        Should.Throw<ArgumentException>(() => new Registry<int>("color", [("red", 1), ("Red", 2)])).Message.ShouldContain("'red'");
    }

    [Fact]
    public void Every_listed_analyzer_method_and_network_name_resolves_and_a_typo_gets_a_suggestion()
    {
        foreach (var name in AnalyzerRegistry.Names)
            AnalyzerRegistry.Create(name).Name.ShouldBe(name);
        foreach (var name in DetectorRegistry.Methods)
            Should.NotThrow(() => DetectorRegistry.UsesModel(name));
        ForgeryGenerator.Manipulations.Names.ShouldBe(ForgeryGenerator.Manipulations.Entries.Select(manipulation => manipulation.Name));
        NetworkRegistry.Names.ShouldContain("resnet-unet");

        Should.Throw<UnknownNameException>(() => AnalyzerRegistry.Create("copymov")).Message.ShouldContain("did you mean 'copymove'?");
        Should.Throw<UnknownNameException>(() => DetectorRegistry.UsesModel("fuse")).Message.ShouldContain("did you mean 'fused'?");
        Should.Throw<UnknownNameException>(() => NetworkRegistry.Create(new NetworkSpec("resnet-unet-nq"))).Message.ShouldContain("did you mean 'resnet-unet-np'?");
    }
}
