using Tamper.Metrics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Metrics;

public sealed class ContestScoreTests
{
    [Fact]
    public void A_non_square_partial_overlap_matches_the_hand_computed_confusion_matrix()
    {
        // 3 rows x 5 columns. Truth has 5 tampered pixels, prediction 3; they share 2.
        using var truth = Masks.FromRows(
            "##...",
            "##...",
            "#....");
        using var predicted = Masks.FromRows(
            ".#...",
            ".#...",
            "....#");

        var counts = ConfusionCounts.Of(truth, predicted);

        counts.ShouldBe(new ConfusionCounts(TruePositives: 2, FalsePositives: 1, FalseNegatives: 3, TrueNegatives: 9));
        counts.F1.ShouldBe(2.0 * 2 / (2 * 2 + 1 + 3), 1e-12); // 0.5
        counts.Iou.ShouldBe(2.0 / (2 + 1 + 3), 1e-12); // 1/3
        ContestScore.Of("x", null, counts, EmptyTruthRule.Match).Score.ShouldBe(0.5 + 1.0 / 3, 1e-12);
    }

    [Fact]
    public void A_perfect_prediction_scores_2()
    {
        using var truth = Masks.FromRows("..#", ".##");

        var score = ContestScore.Of("x", null, ConfusionCounts.Of(truth, truth), EmptyTruthRule.Match);

        (score.F1, score.Iou, score.Score).ShouldBe((1.0, 1.0, 2.0));
    }

    [Fact]
    public void Marking_everything_tampered_scores_by_the_tampered_share()
    {
        // 1 of 8 pixels tampered: F1 = 2/(2+7) = 2/9, IoU = 1/8.
        using var truth = Masks.FromRows("#...", "....");
        using var everything = Masks.FromRows("####", "####");

        var score = ContestScore.Of("x", null, ConfusionCounts.Of(truth, everything), EmptyTruthRule.Match);

        score.F1.ShouldBe(2.0 / 9, 1e-12);
        score.Iou.ShouldBe(1.0 / 8, 1e-12);
    }

    [Fact]
    public void One_pixel_masks_score_2_when_they_coincide_and_0_when_they_do_not()
    {
        using var truth = Masks.FromRows("....", ".#..");
        using var hit = Masks.FromRows("....", ".#..");
        using var miss = Masks.FromRows("....", "..#.");

        ContestScore.Of("x", null, ConfusionCounts.Of(truth, hit), EmptyTruthRule.Match).Score.ShouldBe(2.0);
        var missed = ConfusionCounts.Of(truth, miss);
        missed.ShouldBe(new ConfusionCounts(0, 1, 1, 6));
        ContestScore.Of("x", null, missed, EmptyTruthRule.Match).Score.ShouldBe(0.0);
    }

    [Fact]
    public void An_empty_prediction_of_a_tampered_image_scores_0_under_every_rule()
    {
        using var truth = Masks.FromRows("#.", "..");
        using var empty = Masks.FromRows("..", "..");
        var counts = ConfusionCounts.Of(truth, empty);

        foreach (var rule in Enum.GetValues<EmptyTruthRule>())
        {
            var score = ContestScore.Of("x", null, counts, rule);
            score.Status.ShouldBe(ImageScoreStatus.Scored);
            score.Score.ShouldBe(0.0);
        }
    }

    [Theory]
    [InlineData(EmptyTruthRule.Match, false, 2.0, ImageScoreStatus.Scored)]
    [InlineData(EmptyTruthRule.Match, true, 0.0, ImageScoreStatus.Scored)]
    [InlineData(EmptyTruthRule.Zero, false, 0.0, ImageScoreStatus.Scored)]
    [InlineData(EmptyTruthRule.Zero, true, 0.0, ImageScoreStatus.Scored)]
    [InlineData(EmptyTruthRule.Skip, false, 0.0, ImageScoreStatus.SkippedEmptyTruth)]
    [InlineData(EmptyTruthRule.Skip, true, 0.0, ImageScoreStatus.SkippedEmptyTruth)]
    public void An_empty_truth_follows_the_rule(EmptyTruthRule rule, bool somethingPredicted, double expected, ImageScoreStatus status)
    {
        using var truth = Masks.FromRows("...", "...");
        using var predicted = somethingPredicted ? Masks.FromRows("...", ".#.") : Masks.FromRows("...", "...");

        var score = ContestScore.Of("x", null, ConfusionCounts.Of(truth, predicted), rule);

        score.Score.ShouldBe(expected);
        score.Status.ShouldBe(status);
        if (rule == EmptyTruthRule.Match && !somethingPredicted)
            (score.F1, score.Iou).ShouldBe((1.0, 1.0));
    }
}
