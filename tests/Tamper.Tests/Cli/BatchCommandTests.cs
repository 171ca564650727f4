using System.Text.Json;
using OpenCvSharp;
using Tamper.Cli;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

public sealed class BatchCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detect_writes_masks_and_heatmaps_of_each_image_size_and_carries_on_past_a_bad_file()
    {
        Masks.Write(_temp.File("in/a.jpg"), Masks.ColorImage(160, 120, seed: 1));
        Masks.Write(_temp.File("in/b.png"), Masks.ColorImage(90, 70, seed: 2));
        File.WriteAllText(_temp.File("in/broken.jpg"), "not a jpeg");

        var run = CliRun.Of("detect", _temp.Folder("in"), "--out", _temp.Path + "/masks", "--heatmaps", _temp.Path + "/heat", "--method", "classical", "--analyzers", "ela,noise");

        run.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        run.ErrorLines.ShouldContain(line => line.Contains("broken.jpg") && line.Contains("not an image"));
        run.Out.ShouldContain("2 image(s) processed, 1 failed");
        using var mask = Cv2.ImRead(_temp.File("masks/b.png"), ImreadModes.Unchanged);
        (mask.Cols, mask.Rows, mask.Channels()).ShouldBe((90, 70, 1));
        using var heat = Cv2.ImRead(_temp.File("heat/a.png"), ImreadModes.Unchanged);
        (heat.Cols, heat.Rows).ShouldBe((160, 120));
        File.Exists(_temp.File("masks/broken.png")).ShouldBeFalse();
    }

    [Fact]
    public void Detect_skips_images_whose_outputs_exist_unless_told_to_overwrite()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 64));
        var masks = _temp.Path + "/masks";
        CliRun.Of("detect", _temp.File("in/a.png"), "--out", masks, "--method", "classical", "--analyzers", "ela").ExitCode.ShouldBe(ExitCodes.Success);
        var written = File.GetLastWriteTimeUtc(_temp.File("masks/a.png"));

        var again = CliRun.Of("detect", _temp.File("in/a.png"), "--out", masks, "--method", "classical", "--analyzers", "ela");
        var overwritten = CliRun.Of("detect", _temp.File("in/a.png"), "--out", masks, "--method", "classical", "--analyzers", "ela", "--overwrite");

        again.Out.ShouldContain("0 image(s) processed, 1 skipped");
        overwritten.Out.ShouldContain("1 image(s) processed, 0 failed");
        File.GetLastWriteTimeUtc(_temp.File("masks/a.png")).ShouldBeGreaterThanOrEqualTo(written);
    }

    [Fact]
    public void The_british_spelling_of_the_analyzers_flag_still_works()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 48));
        var run = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/m", "--method", "classical", "--analysers", "ela,noise");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        File.ReadAllText(_temp.Path + "/m/" + Tamper.Detection.DetectionFolder.SettingsName).ShouldContain("ela,noise");
    }

    [Fact]
    public void Detect_with_no_usable_input_or_an_unknown_analyzer_is_a_usage_error()
    {
        var missing = CliRun.Of("detect", _temp.Path + "/nothing-here", "--out", _temp.Path + "/m");
        var unknown = CliRun.Of("detect", _temp.Folder("in"), "--out", _temp.Path + "/m", "--method", "classical", "--analyzers", "ela,crystal-ball");

        missing.ExitCode.ShouldBe(ExitCodes.UsageError);
        missing.ErrorLines.ShouldContain(line => line.Contains("nothing-here: no such file or folder"));
        unknown.ExitCode.ShouldBe(ExitCodes.UsageError);
        unknown.ErrorLines.ShouldContain(line => line.Contains("unknown analyzer 'crystal-ball'"));
    }

    [Fact]
    public void Analyze_writes_color_and_gray_maps_and_a_json_report_per_image()
    {
        Masks.Write(_temp.File("in/photo.jpg"), Masks.ColorImage(128, 96, seed: 4));

        var run = CliRun.Of("analyze", _temp.File("in/photo.jpg"), "--out", _temp.Path + "/report", "--analyzers", "ela,ghost,metadata");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        run.Out.ShouldContain("photo");
        run.Out.ShouldContain("ela");
        foreach (var file in new[] { "ela.png", "ela_gray.png", "ela_amplified.png", "ghost.png", "ghost_q60.png" })
            File.Exists(_temp.File($"report/photo/{file}")).ShouldBeTrue(file);
        using var color = Cv2.ImRead(_temp.File("report/photo/ela.png"), ImreadModes.Unchanged);
        (color.Cols, color.Rows, color.Channels()).ShouldBe((128, 96, 3));
        using var gray = Cv2.ImRead(_temp.File("report/photo/ela_gray.png"), ImreadModes.Unchanged);
        gray.Channels().ShouldBe(1);
        using var report = JsonDocument.Parse(File.ReadAllText(_temp.File("report/photo/report.json")));
        var analyzers = report.RootElement.GetProperty("analyzers");
        analyzers.GetArrayLength().ShouldBe(3);
        analyzers[2].GetProperty("name").GetString().ShouldBe("metadata");
        analyzers[2].GetProperty("findings")[0].GetProperty("key").GetString().ShouldBe("metadata.no_exif");
        report.RootElement.GetProperty("width").GetInt32().ShouldBe(128);
    }

    [Fact]
    public void Bench_times_every_step_on_a_generated_image()
    {
        var run = CliRun.Of("bench", "--synthetic-megapixels", "0.1", "--runs", "1", "--analyzers", "ela,noise");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        foreach (var step in new[] { "decode", "ela", "noise", "detect (classical)" })
            run.Out.ShouldContain(step);
        run.Out.ShouldContain("peak memory");
    }

    [Fact]
    public void Synth_writes_images_masks_a_manifest_and_a_preview()
    {
        for (int i = 0; i < 3; i++)
            Masks.Write(_temp.File($"photos/p{i}.jpg"), Masks.ColorImage(300, 240, seed: 40 + i));
        var output = _temp.Path + "/synth";

        var run = CliRun.Of("synth", "--photos", _temp.Folder("photos"), "--count", "12", "--out", output, "--seed", "2",
            "--size", "160..200", "--preview", _temp.Path + "/preview.png");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        run.Error.ShouldContain("3 photo(s)");
        run.Out.ShouldContain("12 sample(s)");
        Directory.GetFiles(Path.Combine(output, "images")).Length.ShouldBe(12);
        Directory.GetFiles(Path.Combine(output, "masks")).Length.ShouldBe(12);
        var lines = File.ReadAllLines(Path.Combine(output, "manifest.jsonl"));
        lines.Length.ShouldBe(12);
        using var first = JsonDocument.Parse(lines[0]);
        foreach (var field in new[] { "id", "operation", "params", "sources", "post" })
            first.RootElement.TryGetProperty(field, out _).ShouldBeTrue(field);
        first.RootElement.GetProperty("id").GetString().ShouldBe("synth_000000");
        File.Exists(_temp.Path + "/preview.png").ShouldBeTrue();
        new Tamper.Data.DatasetReader().Open(output).Report.IsClean.ShouldBeTrue("the output is a dataset the other commands read");
    }

    [Fact]
    public void Synth_without_sources_or_with_a_bad_size_is_a_usage_error()
    {
        CliRun.Of("synth", "--count", "3", "--out", _temp.Path + "/s").ExitCode.ShouldBe(ExitCodes.UsageError);
        var badSize = CliRun.Of("synth", "--photos", _temp.Folder("p"), "--count", "3", "--out", _temp.Path + "/s", "--size", "big");
        badSize.ExitCode.ShouldBe(ExitCodes.UsageError);
        badSize.ErrorLines.ShouldContain(line => line.Contains("--size 'big'"));
    }
}
