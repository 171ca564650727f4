using System.Text.Json;
using OpenCvSharp;
using Tamper.Cli;
using Tamper.Detection;
using Tamper.Tests.Support;
using Xunit.Abstractions;

namespace Tamper.Tests.Cli;

/// <summary>A batch never dies, never hangs and never loses a result: hostile files, bad output locations, a kill mid-way.</summary>
public sealed class BatchRobustnessTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Minutes = TimeSpan.FromMinutes(5);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detect_on_240_mutants_reports_every_bad_file_on_one_line_of_its_own_and_finishes_the_rest()
    {
        var seeds = MutationFuzzer.Seeds();
        var folder = _temp.Folder("mutants");
        var names = new List<string>();
        for (int index = 0; index < 240; index++)
        {
            var (name, bytes) = MutationFuzzer.Mutant(seeds, index);
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
            names.Add(name);
        }
        var masks = _temp.Path + "/masks";

        // a real process: what native decoders print on stderr must come out folded into the file's own line
        var run = CliProcess.Run(Minutes, "detect", folder, "--out", masks, "--json", _temp.Path + "/summary.json");

        var failed = run.ErrorLines.Where(line => line.Contains(": ")).ToList();
        log.WriteLine($"{names.Count} mutants: exit {run.ExitCode}, {Directory.GetFiles(masks, "*.png").Length} masks, {failed.Count} lines on stderr");
        run.ExitCode.ShouldBeOneOf(ExitCodes.Success, ExitCodes.SomeInputsFailed);
        run.ErrorLines.ShouldAllBe(line => line.StartsWith("tamper: "), "every line on stderr is the tool's, none a bare native message");
        var unaccounted = new List<string>();
        foreach (var name in names)
        {
            bool masked = File.Exists(Path.Combine(masks, Path.GetFileNameWithoutExtension(name) + ".png"));
            bool reported = run.ErrorLines.Any(line => line.StartsWith($"tamper: {Path.Combine(folder, name)}: ") && !IsNotice(line));
            if (masked == reported)
                unaccounted.Add($"{name}: mask {masked}, failure line {reported}");
        }
        unaccounted.ShouldBeEmpty("every mutant gets exactly one of a mask or a failure line:\n" + string.Join("\n", unaccounted.Take(10)) + "\n" + run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(_temp.Path + "/summary.json"));
        summary.RootElement.GetProperty("images").GetArrayLength().ShouldBe(Directory.GetFiles(masks, "*.png").Length);
    }

    [Fact]
    public void A_batch_killed_mid_way_leaves_no_truncated_output_and_the_rerun_completes_it_as_one_run_would()
    {
        const int images = 40;
        var input = _temp.Folder("in");
        for (int i = 0; i < images; i++)
            Masks.Write(Path.Combine(input, $"img{i:D2}.png"), Masks.ColorImage(320, 240, seed: i + 1));
        string[] Detect(string output) => ["detect", input, "--out", output, "--heatmaps", output + "-heat", "--method", "classical", "--json", output + ".json"];

        var once = CliProcess.Run(Minutes, Detect(_temp.Path + "/once"));
        once.ExitCode.ShouldBe(ExitCodes.Success);

        var killed = _temp.Path + "/killed";
        int doneAtKill;
        using (var process = CliProcess.Start(Detect(killed)))
        {
            var deadline = DateTime.UtcNow + Minutes;
            while (MaskCount(killed) < 5 && !process.HasExited && DateTime.UtcNow < deadline)
                Thread.Sleep(20);
            process.Kill();
            doneAtKill = MaskCount(killed);
        }
        log.WriteLine($"killed with {doneAtKill} of {images} masks written");
        doneAtKill.ShouldBeLessThan(images, "the kill must land mid-batch");
        foreach (var written in Directory.GetFiles(killed, "*.png").Concat(Directory.GetFiles(killed + "-heat", "*.png")))
        {
            using var decoded = Cv2.ImRead(written, ImreadModes.Unchanged);
            (decoded.Cols, decoded.Rows).ShouldBe((320, 240), $"{written} is whole");
        }

        var resumed = CliProcess.Run(Minutes, Detect(killed));

        resumed.ExitCode.ShouldBe(ExitCodes.Success);
        resumed.Out.ShouldContain($"skipped");
        MaskCount(killed).ShouldBe(images);
        foreach (var mask in Directory.GetFiles(_temp.Path + "/once", "*.png"))
        {
            using var expected = Cv2.ImRead(mask, ImreadModes.Unchanged);
            using var actual = Cv2.ImRead(Path.Combine(killed, Path.GetFileName(mask)), ImreadModes.Unchanged);
            Cv2.CountNonZero(expected ^ actual).ShouldBe(0, $"{Path.GetFileName(mask)} equals the uninterrupted run's");
        }
        using var summary = JsonDocument.Parse(File.ReadAllText(killed + ".json"));
        summary.RootElement.GetProperty("images").GetArrayLength().ShouldBe(images, "--json after a resume covers the whole folder");
    }

    [Fact]
    public void Output_locations_that_cannot_be_used_stop_the_run_before_any_work()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 48));
        File.WriteAllText(_temp.File("taken"), "a file");

        var outIsFile = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.File("taken"), "--method", "classical");
        var jsonUnderFile = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/m", "--method", "classical", "--json", _temp.File("taken") + "/s.json");

        outIsFile.ExitCode.ShouldBe(ExitCodes.UsageError);
        outIsFile.ErrorLines.ShouldContain(line => line.Contains("taken: is a file"));
        jsonUnderFile.ExitCode.ShouldBe(ExitCodes.UsageError);
        jsonUnderFile.ErrorLines.ShouldContain(line => line.Contains("is a file, not a folder"));
        File.Exists(_temp.Path + "/m/a.png").ShouldBeFalse("nothing was computed");
    }

    [Fact]
    public void A_rerun_with_other_settings_is_refused_unless_it_overwrites()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 48));
        var masks = _temp.Path + "/m";
        CliRun.Of("detect", _temp.Folder("in"), "--out", masks, "--method", "classical", "--analyzers", "ela").ExitCode.ShouldBe(ExitCodes.Success);

        var other = CliRun.Of("detect", _temp.Folder("in"), "--out", masks, "--method", "classical", "--analyzers", "noise", "--threshold", "0.3");
        var same = CliRun.Of("detect", _temp.Folder("in"), "--out", masks, "--method", "classical", "--analyzers", "ela");
        var overwritten = CliRun.Of("detect", _temp.Folder("in"), "--out", masks, "--method", "classical", "--analyzers", "noise", "--threshold", "0.3", "--overwrite");

        other.ExitCode.ShouldBe(ExitCodes.UsageError);
        other.ErrorLines.ShouldContain(line => line.Contains("made with other settings") && line.Contains("threshold: 0.5 before, 0.3 now") && line.Contains("analyzers: ela before, noise now"));
        same.Out.ShouldContain("0 image(s) processed, 1 skipped");
        overwritten.ExitCode.ShouldBe(ExitCodes.Success);
        overwritten.Out.ShouldContain("1 image(s) processed");
        File.ReadAllText(Path.Combine(masks, DetectionFolder.SettingsName)).ShouldContain("noise");
    }

    private static bool IsNotice(string line) => line.Contains("decoder warning:") || line.Contains("only the first of") || line.Contains("GIF data ends early");

    private static int MaskCount(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.png").Length : 0;
}
