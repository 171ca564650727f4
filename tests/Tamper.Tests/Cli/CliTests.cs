using System.IO.Compression;
using System.Text.Json;
using OpenCvSharp;
using Tamper.Cli;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Help_lists_the_commands()
    {
        var run = CliRun.Of("--help");

        run.ExitCode.ShouldBe(ExitCodes.Success);
        run.Out.ShouldContain("tamper [command] [options]");
        foreach (var command in new[] { "score", "submit", "doctor" })
            run.Out.ShouldContain(command);
    }

    [Fact]
    public void A_wrong_flag_gives_one_line_per_problem_and_exit_code_2()
    {
        var run = CliRun.Of("score", "--pred", _temp.Path, "--truth", _temp.Path, "--no-such-flag");

        run.ExitCode.ShouldBe(ExitCodes.UsageError);
        run.ErrorLines.ShouldContain("tamper: Unrecognized command or argument '--no-such-flag'.");
        run.ErrorLines.ShouldContain("Run 'tamper score --help' for usage.");
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_missing_folder_is_named_with_exit_code_2()
    {
        var missing = Path.Combine(_temp.Path, "absent");

        var run = CliRun.Of("score", "--pred", missing, "--truth", _temp.Path);

        run.ExitCode.ShouldBe(ExitCodes.UsageError);
        run.Error.ShouldContain(missing);
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public void An_unknown_empty_rule_is_a_usage_error()
    {
        var run = CliRun.Of("score", "--pred", _temp.Path, "--truth", _temp.Path, "--empty-rule", "generous");

        run.ExitCode.ShouldBe(ExitCodes.UsageError);
        run.Error.ShouldContain("generous");
    }

    [Fact]
    public void Score_prints_the_table_writes_json_and_succeeds_when_everything_is_there()
    {
        Masks.Write(_temp.File("truth/src_a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));
        Masks.Write(_temp.File("truth/src_b.png"), Masks.Filled(10, 10, 0));
        Masks.Write(_temp.File("pred/src_a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));
        Masks.Write(_temp.File("pred/src_b.png"), Masks.Filled(10, 10, 0));
        var json = _temp.File("report/score.json");
        var csv = _temp.File("report/score.csv");

        var run = CliRun.Of("score", "--pred", _temp.Folder("pred"), "--truth", _temp.Folder("truth"),
            "--group-by-prefix", "--json", json, "--csv", csv);

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        run.Out.ShouldContain("src");
        run.Out.ShouldContain("2.0000");
        run.Out.ShouldContain("empty-truth rule: match");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        document.RootElement.GetProperty("mean_score").GetDouble().ShouldBe(2.0);
        File.ReadAllLines(csv).Length.ShouldBe(3);
    }

    [Fact]
    public void Score_with_a_missing_prediction_still_reports_and_exits_1()
    {
        Masks.Write(_temp.File("truth/a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));
        Masks.Write(_temp.File("truth/b.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));
        Masks.Write(_temp.File("pred/a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));

        var run = CliRun.Of("score", "--pred", _temp.Folder("pred"), "--truth", _temp.Folder("truth"));

        run.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        run.Out.ShouldContain("1.0000"); // mean of 2 and 0
        run.ErrorLines.ShouldContain(line => line.StartsWith("tamper: b: no prediction in "));
    }

    [Fact]
    public void Submit_writes_the_zip_or_refuses_with_exit_code_1()
    {
        Masks.Write(_temp.File("test/x.jpg"), Masks.ColorImage(12, 8));
        Masks.Write(_temp.File("pred/x.png"), Masks.Filled(12, 8, 255));
        var zip = _temp.File("sub.zip");

        var ok = CliRun.Of("submit", "--pred", _temp.Folder("pred"), "--images", _temp.Folder("test"), "--out", zip);

        ok.ExitCode.ShouldBe(ExitCodes.Success, ok.Error);
        ok.Out.ShouldContain("1 mask(s) for 1 test image(s)");
        using (var archive = ZipFile.OpenRead(zip))
            archive.Entries.Single().FullName.ShouldBe("images/x.png");

        Masks.Write(_temp.File("test/y.jpg"), Masks.ColorImage(12, 8));
        var refused = CliRun.Of("submit", "--pred", _temp.Folder("pred"), "--images", _temp.Folder("test"), "--out", _temp.File("sub2.zip"));

        refused.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        refused.ErrorLines.ShouldContain(line => line.StartsWith("tamper: y: no mask in "));
        refused.ErrorLines.ShouldContain(line => line.Contains("submission refused: 1 problem(s)"));
        File.Exists(_temp.File("sub2.zip")).ShouldBeFalse();
    }

    [Fact]
    public void A_truth_mask_that_cannot_be_read_is_named_and_the_rest_is_scored()
    {
        Masks.Write(_temp.File("truth/a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));
        File.WriteAllBytes(_temp.File("truth/b.png"), [0x89, 0x50, 0x4E, 0x47]);
        Masks.Write(_temp.File("pred/a.png"), Masks.WithRectangle(10, 10, new Rect(0, 0, 5, 5)));

        var run = CliRun.Of("score", "--pred", _temp.Folder("pred"), "--truth", _temp.Folder("truth"));

        run.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        run.Out.ShouldContain("2.0000");
        run.ErrorLines.ShouldContain(line => line.Contains("b.png") && line.Contains("true mask unusable"));
    }

    [Fact]
    public void Dataset_reports_the_layout_and_what_does_not_pair_up()
    {
        Masks.Write(_temp.File("data/Tp/a.jpg"), Masks.ColorImage(12, 8));
        Masks.Write(_temp.File("data/Gt/a_gt.png"), Masks.Filled(12, 8, 0));
        Masks.Write(_temp.File("data/Tp/b.jpg"), Masks.ColorImage(12, 8));

        var run = CliRun.Of("dataset", _temp.Folder("data"));

        run.ExitCode.ShouldBe(ExitCodes.SomeInputsFailed);
        run.Out.ShouldContain("layout Tp/ + Gt/ (CASIA), 1 image/mask pair(s)");
        run.ErrorLines.ShouldBe(["tamper: 1 image(s) without a mask: b.jpg"]);
    }
}
