using System.IO.Compression;
using System.Text.Json.Nodes;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;
using static TorchSharp.torch;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class ModelFileTests
{
    [Fact]
    public void Save_then_load_gives_the_same_weights_outputs_and_description()
    {
        using var folder = new TempFolder();
        random.manual_seed(3);
        using var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        // move the batch-norm statistics away from their defaults so they are checked too
        network.train();
        using (var warm = rand(2, 3, 64, 64) * 255) network.forward(warm);
        network.eval();
        var path = folder.File("model.tamper");
        var description = new ModelDescription(network.Spec, Threshold: 0.4, ImageThreshold: 0.3,
            Training: new JsonObject { ["command"] = "tamper train --test" }, Validation: new JsonObject { ["mean_score"] = 1.25 })
        {
            OperatingPoints = new Dictionary<string, OperatingPoint> { ["fused/contest"] = new(0.3, 0, NeverEmpty: true) { Relative = 0.8, MaxShare = 0.1, Grow = 0.85, FillHoles = true } },
        };
        ModelFile.Save(path, network, description);

        var (loaded, read) = ModelFile.Load(path);
        using (loaded)
        {
            read.Network.ShouldBe(network.Spec);
            read.Threshold.ShouldBe(0.4);
            read.ImageThreshold.ShouldBe(0.3);
            read.Training!["command"]!.GetValue<string>().ShouldBe("tamper train --test");
            read.Validation!["mean_score"]!.GetValue<double>().ShouldBe(1.25);
            read.Point(OperatingPoint.Contest, "fused").ShouldBe(description.OperatingPoints["fused/contest"]);
            var original = network.state_dict();
            var copy = loaded.state_dict();
            copy.Keys.ShouldBe(original.Keys, ignoreOrder: true);
            foreach (var (name, value) in original)
                copy[name].allclose(value, rtol: 0, atol: 0).ShouldBeTrue(name);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = rand(1, 3, 48, 64) * 255;
            loaded.forward(input).MaskLogits.allclose(network.forward(input).MaskLogits, rtol: 0, atol: 0).ShouldBeTrue();
        }
    }

    [Fact]
    public void Damaged_or_foreign_files_are_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        using var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        var good = folder.File("good.tamper");
        ModelFile.Save(good, network, new ModelDescription(network.Spec));

        Problem(folder.File("missing.tamper")).ShouldContain("not found");

        var text = folder.File("text.tamper");
        File.WriteAllText(text, "hello");
        Problem(text).ShouldContain("not a Tamper model file");

        var truncated = folder.File("truncated.tamper");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Problem(truncated).ShouldContain("truncated.tamper");

        var unknown = Rewrite(folder, good, "unknown.tamper", json => json.Replace("\"unet-small\"", "\"magic-net\""));
        Problem(unknown).ShouldContain("unknown network 'magic-net'");

        var wider = Rewrite(folder, good, "wider.tamper", json => json.Replace("\"width\": 8", "\"width\": 16"));
        Problem(wider).ShouldContain("does not fit network");

        var newer = Rewrite(folder, good, "newer.tamper", json => json.Replace("\"version\": 1", "\"version\": 99"));
        Problem(newer).ShouldContain("newer than this tamper reads");
    }

    private static string Problem(string path) => Should.Throw<InputFileException>(() => ModelFile.Load(path)).Message;

    /// <summary>A copy of the model file with its model.json changed.</summary>
    private static string Rewrite(TempFolder folder, string source, string name, Func<string, string> change)
    {
        var target = folder.File(name);
        File.Copy(source, target);
        using var archive = ZipFile.Open(target, ZipArchiveMode.Update);
        var entry = archive.GetEntry("model.json")!;
        string json;
        using (var reader = new StreamReader(entry.Open()))
            json = reader.ReadToEnd();
        var changed = change(json);
        changed.ShouldNotBe(json, "the test's edit must change model.json");
        entry.Delete();
        using var writer = new StreamWriter(archive.CreateEntry("model.json").Open());
        writer.Write(changed);
        return target;
    }
}
