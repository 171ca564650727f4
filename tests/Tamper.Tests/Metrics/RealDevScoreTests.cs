using OpenCvSharp;
using Tamper.Imaging;
using Tamper.Metrics;
using Tamper.Tests.Support;

namespace Tamper.Tests.Metrics;

/// <summary>The reference figures ../shared/data/README.md gives for trivial predictions on real-dev.</summary>
public sealed class RealDevScoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void The_true_masks_score_exactly_2_on_all_54_images()
    {
        var realDev = SharedData.RealDev;

        var report = new MaskScorer().Score(Path.Combine(realDev, "masks"), realDev, new ScoreOptions(GroupByPrefix: true));

        report.Overall.Images.ShouldBe(54);
        report.Overall.MeanScore.ShouldBe(2.0);
        report.HasProblems.ShouldBeFalse();
    }

    [SkippableFact]
    public void Marking_every_pixel_tampered_reproduces_the_reference_figures()
    {
        var realDev = SharedData.RealDev;
        var predictions = _temp.Folder("all-tampered");
        foreach (var path in ImageFiles.InFolder(Path.Combine(realDev, "masks")))
        {
            var header = ImageHeaderReader.Read(path);
            using var everything = Masks.Filled(header.Width, header.Height, 255);
            Masks.Write(Path.Combine(predictions, Path.GetFileName(path)), everything);
        }

        var report = new MaskScorer().Score(predictions, realDev, new ScoreOptions(GroupByPrefix: true));

        report.Overall.Images.ShouldBe(54);
        // 54 images since the 25 IMD2020 forgeries were added (29 before: 0.1458)
        report.Overall.MeanScore.ShouldBe(0.2546, 0.00005);
        report.Overall.MeanF1.ShouldBe(0.1556, 0.00005);
        report.Overall.MeanIou.ShouldBe(0.0990, 0.00005);
        var bySource = report.Groups.ToDictionary(group => group.Name, group => group.MeanScore);
        bySource["casia2"].ShouldBe(0.2100, 0.00005);
        bySource["comofod"].ShouldBe(0.0492, 0.00005);
        bySource["korus"].ShouldBe(0.2244, 0.00005);
        bySource["stfd"].ShouldBe(0.0314, 0.00005);
        bySource["imd"].ShouldBe(0.3808, 0.00005);
    }

    [SkippableFact]
    public void Every_real_dev_image_decodes_at_the_size_of_its_mask()
    {
        var dataset = new Tamper.Data.DatasetReader().Open(SharedData.RealDev, inspectMasks: true);

        dataset.Report.IsClean.ShouldBeTrue(string.Join("; ", dataset.Report.Describe()));
        dataset.Pairs.Count.ShouldBe(54);
        var loader = new ImageLoader();
        foreach (var pair in dataset.Pairs)
        {
            using var image = loader.Load(pair.ImagePath);
            (image.Width, image.Height).ShouldBe((pair.Width, pair.Height), pair.ImagePath);
        }
    }
}
