using OpenCvSharp;
using Tamper.Cli;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

public sealed class ScorePlotTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Score_draws_score_and_false_alarms_against_the_threshold_from_heat_maps_and_refuses_masks()
    {
        // one forgery whose heat map is right above 0.5, one untouched image whose heat map peaks at 0.4
        using var truth = Masks.Filled(64, 48, 0);
        truth[new Rect(10, 10, 20, 20)].SetTo(Scalar.All(255));
        Masks.Write(_temp.File("truth/masks/a_1.png"), truth);
        Masks.Write(_temp.File("truth/images/a_1.png"), Masks.ColorImage(64, 48));
        using var heat = Masks.Filled(64, 48, 30);
        heat[new Rect(10, 10, 20, 20)].SetTo(Scalar.All(200));
        Masks.Write(_temp.File("heat/a_1.png"), heat);
        Masks.Write(_temp.File("heat/b_2.png"), Masks.Filled(64, 48, 100));
        Masks.Write(_temp.File("untouched/b_2.png"), Masks.ColorImage(64, 48, seed: 2));

        var run = CliRun.Of("score", "--pred", _temp.Path + "/heat", "--truth", _temp.Path + "/truth", "--authentic", _temp.Path + "/untouched",
            "--pred-heatmaps", "--group-by-prefix", "--plot", _temp.File("curves.png"));
        var masks = CliRun.Of("score", "--pred", _temp.Path + "/heat", "--truth", _temp.Path + "/truth", "--plot", _temp.File("no.png"));

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        using var plot = Cv2.ImRead(_temp.File("curves.png"));
        (plot.Cols, plot.Rows).ShouldBe((1120, 400));
        Cv2.MeanStdDev(plot, out _, out var spread);
        spread.Val0.ShouldBeGreaterThan(10, "something is drawn");
        masks.ExitCode.ShouldBe(ExitCodes.UsageError);
        masks.Error.ShouldContain("--pred-heatmaps");
        File.Exists(_temp.File("no.png")).ShouldBeFalse();
    }
}
