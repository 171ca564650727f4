using Tamper.Metrics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Metrics;

public sealed class AccumulatorTests
{
    [Fact]
    public void Means_are_per_image_and_pooled_figures_sum_the_pixels()
    {
        var accumulator = new ScoreAccumulator();
        // image 1: TP 2, FP 1, FN 3 -> F1 0.5, IoU 1/3; image 2: perfect 1-pixel hit -> 1, 1
        accumulator.Add(ContestScore.Of("a", null, new ConfusionCounts(2, 1, 3, 9), EmptyTruthRule.Match));
        accumulator.Add(ContestScore.Of("b", null, new ConfusionCounts(1, 0, 0, 7), EmptyTruthRule.Match));

        var summary = accumulator.Summarize("all");

        summary.Images.ShouldBe(2);
        summary.TotalScore.ShouldBe(0.5 + 1.0 / 3 + 2, 1e-12);
        summary.MeanScore.ShouldBe((0.5 + 1.0 / 3 + 2) / 2, 1e-12);
        summary.MeanF1.ShouldBe(0.75, 1e-12);
        summary.MeanIou.ShouldBe((1.0 / 3 + 1) / 2, 1e-12);
        // pooled: TP 3, FP 1, FN 3 -> F1 6/10, IoU 3/7
        summary.PooledF1.ShouldBe(0.6, 1e-12);
        summary.PooledIou.ShouldBe(3.0 / 7, 1e-12);
    }

    [Fact]
    public void Skipped_images_do_not_count_in_the_means()
    {
        var accumulator = new ScoreAccumulator();
        accumulator.Add(ContestScore.Of("a", null, new ConfusionCounts(1, 0, 0, 3), EmptyTruthRule.Skip));
        accumulator.Add(ContestScore.Of("b", null, new ConfusionCounts(0, 0, 0, 4), EmptyTruthRule.Skip));

        var summary = accumulator.Summarize("all");

        (summary.Images, summary.Skipped, summary.MeanScore).ShouldBe((1, 1, 2.0));
    }

    [Fact]
    public void Pixel_auc_of_a_hand_made_heat_map_counts_ties_as_half()
    {
        // tampered pixels get 200, 100; authentic pixels get 100, 50, 0, 0.
        // Pairs (pos > neg): 200 beats all 4; 100 beats 3 and ties 1 -> (4 + 3 + 0.5) / 8 = 0.9375
        using var truth = Masks.FromRows("##....");
        using var heat = Masks.FromRows("......");
        byte[] levels = [200, 100, 100, 50, 0, 0];
        for (int x = 0; x < levels.Length; x++) heat.Set(0, x, levels[x]);
        var accumulator = new HeatmapAccumulator(EmptyTruthRule.Match);

        accumulator.Add(PixelHistogram.Of(truth, heat));
        var summary = accumulator.Summarize();

        summary.PixelAuc.ShouldNotBeNull().ShouldBe(0.9375, 1e-12);
        // Above 100 only the 200 pixel: F1 2/3. Above 50: 2 TP + 1 FP: F1 4/5 -- the best.
        summary.BestPooledF1.ShouldBe(0.8, 1e-12);
        summary.BestF1Threshold.ShouldBeInRange(50, 99);
        summary.BestMeanScore.ShouldBe(0.8 + 2.0 / 3, 1e-12);
    }

    [Fact]
    public void A_missing_heat_map_scores_zero_at_every_threshold()
    {
        var accumulator = new HeatmapAccumulator(EmptyTruthRule.Match);
        accumulator.Add(PixelHistogram.NothingPredicted(truthPositives: 3, pixels: 10), predictionMissing: true);

        var summary = accumulator.Summarize();

        summary.BestMeanScore.ShouldBe(0.0);
        summary.PixelAuc.ShouldNotBeNull().ShouldBe(0.5, 1e-12);
    }
}
