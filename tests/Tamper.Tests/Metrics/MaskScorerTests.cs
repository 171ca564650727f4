using System.Text.Json;
using OpenCvSharp;
using Tamper.Metrics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Metrics;

public sealed class MaskScorerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Each_truth_image_is_scored_and_failures_score_zero_and_are_listed()
    {
        var truth = _temp.Folder("truth");
        var predictions = _temp.Folder("pred");
        // perfect, missing, wrong size, unreadable, and one prediction without truth
        Masks.Write(Path.Combine(truth, "cat_1.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(Path.Combine(predictions, "cat_1.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(Path.Combine(truth, "cat_2.png"), Masks.WithRectangle(8, 6, new Rect(1, 1, 2, 2)));
        Masks.Write(Path.Combine(truth, "dog_1_gt.png"), Masks.WithRectangle(8, 6, new Rect(1, 1, 2, 2)));
        Masks.Write(Path.Combine(predictions, "dog_1.png"), Masks.WithRectangle(6, 8, new Rect(1, 1, 2, 2)));
        Masks.Write(Path.Combine(truth, "dog_2.png"), Masks.WithRectangle(8, 6, new Rect(1, 1, 2, 2)));
        File.WriteAllText(Path.Combine(predictions, "dog_2.png"), "garbage");
        Masks.Write(Path.Combine(predictions, "stray.png"), Masks.Filled(8, 6, 0));

        var report = new MaskScorer().Score(predictions, truth, new ScoreOptions(GroupByPrefix: true));

        report.PerImage.Select(image => (image.Id, image.Status)).ShouldBe([
            ("cat_1", ImageScoreStatus.Scored),
            ("cat_2", ImageScoreStatus.MissingPrediction),
            ("dog_1", ImageScoreStatus.WrongSizePrediction),
            ("dog_2", ImageScoreStatus.UnreadablePrediction),
        ]);
        report.Overall.Images.ShouldBe(4);
        report.Overall.TotalScore.ShouldBe(2.0);
        report.Overall.MeanScore.ShouldBe(0.5);
        report.Groups.Select(group => (group.Name, group.Images, group.MeanScore)).ShouldBe([("cat", 2, 1.0), ("dog", 2, 0.0)]);
        report.Problems.Count.ShouldBe(3);
        report.Problems.ShouldContain(problem => problem.Contains("cat_2: no prediction"));
        report.Problems.ShouldContain(problem => problem.Contains("dog_1.png: prediction is 6x8 but the true mask is 8x6"));
        report.Problems.ShouldContain(problem => problem.Contains("dog_2.png: not an image"));
        report.Notes.ShouldContain(note => note.Contains("stray.png"));
        report.HasProblems.ShouldBeTrue();
    }

    [Theory]
    [InlineData(EmptyTruthRule.Match)]
    [InlineData(EmptyTruthRule.Skip)]
    public void Authentic_images_are_tallied_apart_as_false_alarms_whatever_the_empty_rule(EmptyTruthRule rule)
    {
        // two tampered images (one hit, one missed) and three authentic ones: clean, 12 of 48 pixels marked, all 48 marked
        Masks.Write(_temp.File("truth/t_1.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("pred/t_1.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("truth/t_2.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("pred/t_2.png"), Masks.Filled(8, 6, 0));
        Masks.Write(_temp.File("truth/a_1.png"), Masks.Filled(8, 6, 0));
        Masks.Write(_temp.File("pred/a_1.png"), Masks.Filled(8, 6, 0));
        Masks.Write(_temp.File("truth/a_2.png"), Masks.Filled(8, 6, 0));
        Masks.Write(_temp.File("pred/a_2.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("truth/a_3.png"), Masks.Filled(8, 6, 0));
        Masks.Write(_temp.File("pred/a_3.png"), Masks.Filled(8, 6, 255));

        var report = new MaskScorer().Score(_temp.Folder("pred"), _temp.Folder("truth"), new ScoreOptions(rule, GroupByPrefix: true));

        var all = report.Overall;
        (all.TamperedImages, all.TamperedMeanScore).ShouldBe((2, 1.0));
        (all.AuthenticImages, all.FalseAlarms).ShouldBe((3, 2));
        all.FalseAlarmShare.ShouldBe(2.0 / 3, 1e-12);
        all.AuthenticMarkedShare.ShouldBe((0 + 0.25 + 1) / 3, 1e-12);
        // match: the clean authentic image scores 2, the two flagged ones 0; skip: they are left out of the mean
        all.MeanScore.ShouldBe(rule == EmptyTruthRule.Match ? (2 + 0 + 2 + 0 + 0) / 5.0 : 1.0, 1e-12);
        report.Groups.Select(group => (group.Name, group.TamperedImages, group.AuthenticImages, group.FalseAlarms))
            .ShouldBe([("a", 0, 3, 2), ("t", 2, 0, 0)]);
        using var json = JsonDocument.Parse(ScoreReportWriter.ToJson(report));
        json.RootElement.GetProperty("false_alarms").GetInt32().ShouldBe(2);
        json.RootElement.GetProperty("authentic_images").GetInt32().ShouldBe(3);
        json.RootElement.GetProperty("tampered_mean_score").GetDouble().ShouldBe(1.0, 1e-12);
    }

    [Fact]
    public void A_dataset_root_is_scored_through_its_mask_folder()
    {
        Masks.Write(_temp.File("data/images/a.jpg"), Masks.ColorImage(8, 6));
        Masks.Write(_temp.File("data/masks/a.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 2, 2)));
        Masks.Write(_temp.File("pred/a.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 2, 2)));

        var report = new MaskScorer().Score(_temp.Folder("pred"), _temp.Folder("data"), new ScoreOptions());

        report.Overall.Images.ShouldBe(1);
        report.Overall.MeanScore.ShouldBe(2.0);
        report.HasProblems.ShouldBeFalse();
    }

    [Fact]
    public void Heat_maps_are_binarized_above_127_and_add_auc_and_threshold_sweeps()
    {
        using var truth = Masks.FromRows("##..");
        using var heat = Masks.FromRows("....");
        heat.Set(0, 0, (byte)200);
        heat.Set(0, 1, (byte)100);
        heat.Set(0, 2, (byte)60);
        Masks.Write(_temp.File("truth/a.png"), truth);
        Masks.Write(_temp.File("heat/a.png"), heat);

        var report = new MaskScorer().Score(_temp.Folder("heat"), _temp.Folder("truth"), new ScoreOptions(PredictionsAreHeatmaps: true));

        // > 127: only the first pixel: F1 2/3, IoU 1/2.
        report.Overall.MeanF1.ShouldBe(2.0 / 3, 1e-12);
        report.Overall.MeanIou.ShouldBe(0.5, 1e-12);
        var heatmap = report.Overall.Heatmap.ShouldNotBeNull();
        heatmap.PixelAuc.ShouldNotBeNull().ShouldBe(1.0, 1e-12);
        heatmap.BestPooledF1.ShouldBe(1.0, 1e-12);
        heatmap.BestF1Threshold.ShouldBeInRange(60, 99);
        heatmap.BestMeanScore.ShouldBe(2.0, 1e-12);
    }

    [Fact]
    public void Json_report_has_the_documented_fields_and_csv_one_row_per_image()
    {
        Masks.Write(_temp.File("truth/a.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("truth/b.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("pred/a.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 4, 3)));
        Masks.Write(_temp.File("pred/b.png"), Masks.WithRectangle(8, 6, new Rect(0, 0, 2, 3)));
        var report = new MaskScorer().Score(_temp.Folder("pred"), _temp.Folder("truth"), new ScoreOptions());

        using var json = JsonDocument.Parse(ScoreReportWriter.ToJson(report));
        var csv = ScoreReportWriter.ToCsv(report).TrimEnd().Split('\n');

        var root = json.RootElement;
        root.GetProperty("images").GetInt32().ShouldBe(2);
        // b: TP 6, FN 6 -> F1 2/3, IoU 1/2
        root.GetProperty("total_score").GetDouble().ShouldBe(2 + 2.0 / 3 + 0.5, 1e-9);
        root.GetProperty("mean_score").GetDouble().ShouldBe((2 + 2.0 / 3 + 0.5) / 2, 1e-9);
        root.GetProperty("mean_f1").GetDouble().ShouldBe((1 + 2.0 / 3) / 2, 1e-9);
        root.GetProperty("mean_iou").GetDouble().ShouldBe(0.75, 1e-9);
        root.GetProperty("empty_rule").GetString().ShouldBe("match");
        var perImage = root.GetProperty("per_image");
        perImage.GetArrayLength().ShouldBe(2);
        perImage[1].GetProperty("id").GetString().ShouldBe("b");
        perImage[1].GetProperty("false_negatives").GetInt64().ShouldBe(6);
        csv.Length.ShouldBe(3);
        csv[0].ShouldStartWith("id,group,status,score,f1,iou");
        csv[2].ShouldStartWith("b,,scored,1.166667,0.666667,0.5,");
    }

    [Fact]
    public void An_empty_truth_folder_is_refused()
    {
        var error = Should.Throw<InputFileException>(() => new MaskScorer().Score(_temp.Folder("p"), _temp.Folder("t"), new ScoreOptions()));

        error.Problem.ShouldBe("no mask images found");
    }
}
