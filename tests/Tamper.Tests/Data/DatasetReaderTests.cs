using OpenCvSharp;
using Tamper.Data;
using Tamper.Tests.Support;

namespace Tamper.Tests.Data;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("images", "masks", "", "images/ + masks/")]
    [InlineData("img", "mask", "", "img/ + mask/")]
    [InlineData("train", "train_mask", "", "train/ + train_mask/")]
    [InlineData("Tp", "Gt", "_gt", "Tp/ + Gt/ (CASIA)")]
    [InlineData("images", "masks", "_mask", "images/ + masks/")]
    [InlineData("IMAGES", "Masks", "_GT", "images/ + masks/")]
    public void Every_layout_pairs_images_with_masks_by_stem(string imageFolder, string maskFolder, string maskSuffix, string layoutName)
    {
        WritePair(imageFolder, maskFolder, "a", ".jpg", maskSuffix, ".png");
        WritePair(imageFolder, maskFolder, "b", ".tif", maskSuffix, ".bmp");

        var dataset = new DatasetReader().Open(_temp.Path);

        dataset.Layout.Name.ShouldBe(layoutName);
        dataset.Pairs.Select(pair => pair.Id).ShouldBe(["a", "b"]);
        dataset.Pairs.ShouldAllBe(pair => pair.Width == 20 && pair.Height == 10);
        dataset.Pairs[1].MaskPath.ShouldEndWith("b" + maskSuffix + ".bmp");
        dataset.Report.IsClean.ShouldBeTrue();
    }

    [Fact]
    public void Unpaired_files_size_mismatches_and_unreadable_files_are_reported_not_thrown()
    {
        WritePair("images", "masks", "good", ".png", "", ".png");
        Masks.Write(_temp.File("images/lonely.png"), Masks.ColorImage(20, 10));
        Masks.Write(_temp.File("masks/orphan.png"), Masks.Filled(20, 10, 0));
        Masks.Write(_temp.File("images/wide.png"), Masks.ColorImage(30, 10));
        Masks.Write(_temp.File("masks/wide.png"), Masks.Filled(20, 10, 0));
        File.WriteAllText(_temp.File("images/broken.png"), "not a png");
        Masks.Write(_temp.File("masks/broken.png"), Masks.Filled(20, 10, 0));

        var dataset = new DatasetReader().Open(_temp.Path);

        dataset.Pairs.Select(pair => pair.Id).ShouldBe(["good"]);
        var report = dataset.Report;
        report.IsClean.ShouldBeFalse();
        report.ImagesWithoutMasks.Select(Path.GetFileName).ShouldBe(["lonely.png"]);
        report.MasksWithoutImages.Select(Path.GetFileName).ShouldBe(["orphan.png"]);
        report.SizeMismatches.Single().ShouldBe(report.SizeMismatches[0] with { Id = "wide", ImageWidth = 30, MaskWidth = 20 });
        report.Unreadable.Single().ShouldContain("broken.png: not an image");
        var lines = report.Describe().ToList();
        lines.ShouldContain(line => line.Contains("1 image(s) without a mask: lonely.png"));
        lines.ShouldContain(line => line.Contains("1 mask(s) without an image: orphan.png"));
        lines.ShouldContain(line => line.Contains("mask is 20x10 but its image wide.png is 30x10"));
    }

    [Fact]
    public void Masks_stored_as_0_1_are_detected_when_inspected_and_said_once()
    {
        WritePair("images", "masks", "a", ".png", "", ".png");
        Masks.Write(_temp.File("images/b.png"), Masks.ColorImage(20, 10));
        using var zeroOne = Masks.Filled(20, 10, 0);
        zeroOne[new Rect(2, 2, 3, 3)].SetTo(Scalar.All(1));
        Masks.Write(_temp.File("masks/b.png"), zeroOne);

        var report = new DatasetReader().Open(_temp.Path, inspectMasks: true).Report;

        report.ZeroOneMasks.Select(Path.GetFileName).ShouldBe(["b.png"]);
        report.IsClean.ShouldBeTrue();
        report.Describe().Count(line => line.Contains("0/1")).ShouldBe(1);
    }

    [Fact]
    public void Two_images_with_the_same_stem_are_reported_as_duplicates()
    {
        WritePair("images", "masks", "a", ".png", "", ".png");
        Masks.Write(_temp.File("images/a.jpg"), Masks.ColorImage(20, 10));

        var report = new DatasetReader().Open(_temp.Path).Report;

        report.Duplicates.Select(Path.GetFileName).ShouldBe(["a.png"]);
    }

    [Fact]
    public void A_folder_in_no_known_layout_is_refused_listing_the_layouts()
    {
        _temp.Folder("pictures");

        var error = Should.Throw<InputFileException>(() => new DatasetReader().Open(_temp.Path));

        error.Path.ShouldBe(_temp.Path);
        error.Problem.ShouldContain("images/ + masks/");
        error.Problem.ShouldContain("Tp/ + Gt/");
    }

    [Fact]
    public void A_missing_folder_is_reported_by_name()
    {
        var missing = Path.Combine(_temp.Path, "absent");

        Should.Throw<InputFileException>(() => new DatasetReader().Open(missing)).Message.ShouldBe($"{missing}: folder not found");
    }

    private void WritePair(string imageFolder, string maskFolder, string id, string imageExtension, string maskSuffix, string maskExtension)
    {
        Masks.Write(_temp.File($"{imageFolder}/{id}{imageExtension}"), Masks.ColorImage(20, 10));
        Masks.Write(_temp.File($"{maskFolder}/{id}{maskSuffix}{maskExtension}"), Masks.WithRectangle(20, 10, new Rect(1, 1, 5, 5)));
    }
}
