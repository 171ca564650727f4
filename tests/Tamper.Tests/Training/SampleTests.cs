using OpenCvSharp;
using Tamper.Data;
using Tamper.Data.Synthesis;
using Tamper.Tests.Support;
using Tamper.Training.Samples;

namespace Tamper.Tests.Training;

public sealed class SampleTests
{
    [Fact]
    public void Crops_have_the_requested_size_and_masks_follow_every_geometric_step()
    {
        for (int index = 0; index < 40; index++)
        {
            // the image's red channel carries the mask, so any misalignment between the two shows
            var (image, mask) = TinyForgeries.Make(size: 90 + index, seed: index);
            using var marked = image.Clone();
            marked.SetTo(Scalar.All(0));
            marked.SetTo(new Scalar(0, 0, 255), mask);
            using var sample = new TrainingSample(marked, mask);
            image.Dispose();
            new Augmenter(crop: 64).Apply(sample, new SynthRandom(5, index));
            sample.Image.Size().ShouldBe(new Size(64, 64));
            sample.Mask.Size().ShouldBe(new Size(64, 64));
            using var red = sample.Image.ExtractChannel(2);
            using var redMarked = new Mat();
            Cv2.Threshold(red, redMarked, 127, 255, ThresholdTypes.Binary);
            using var disagreement = new Mat();
            Cv2.Compare(redMarked, sample.Mask, disagreement, CmpTypes.NE);
            // re-compression and blur smear the red edge a little; the geometry must match
            Cv2.CountNonZero(disagreement).ShouldBeLessThan(64 * 64 / 20, $"sample {index}");
        }
    }

    [Fact]
    public void The_same_step_gives_the_same_batch()
    {
        using var folder = new TempFolder();
        TinyForgeries.Write(folder.Folder("data"), count: 6, size: 80);
        var pairs = new DatasetReader().Open(Path.Combine(folder.Path, "data")).Pairs;
        using var producer = new BatchProducer([(new DatasetSource(pairs), 1.0)], new Augmenter(48), batch: 3, seed: 4, firstStep: 0, workers: 2);
        var first = producer.Build(17);
        var again = producer.Build(17);
        var other = producer.Build(18);
        again.Images.ShouldBe(first.Images);
        again.Masks.ShouldBe(first.Masks);
        other.Images.SequenceEqual(first.Images).ShouldBeFalse();
        first.Labels.ShouldAllBe(label => label == 0 || label == 1);
        first.Masks.ShouldAllBe(value => value == 0 || value == 1);
    }

    [Fact]
    public void The_holdout_split_is_fixed_by_file_name_and_near_its_share()
    {
        var split = new HoldoutSplit(0.2);
        var names = Enumerable.Range(0, 2000).Select(index => $"photo_{index}.jpg").ToList();
        double share = names.Count(split.IsHeldOut) / (double)names.Count;
        share.ShouldBeInRange(0.17, 0.23);
        split.IsHeldOut("/a/b/photo_3.jpg").ShouldBe(split.IsHeldOut("/c/PHOTO_3.JPG"));
        new HoldoutSplit(0).IsHeldOut("photo_1.jpg").ShouldBeFalse();
    }
}
