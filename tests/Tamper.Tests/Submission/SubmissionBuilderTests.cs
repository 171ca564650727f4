using System.IO.Compression;
using OpenCvSharp;
using Tamper.Submission;
using Tamper.Tests.Support;

namespace Tamper.Tests.Submission;

public sealed class SubmissionBuilderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Valid_masks_are_packaged_as_images_id_png_of_the_image_size()
    {
        Masks.Write(_temp.File("test/1.jpg"), Masks.ColorImage(30, 20));
        Masks.Write(_temp.File("test/2.png"), Masks.ColorImage(10, 40));
        Masks.Write(_temp.File("pred/1.png"), Masks.WithRectangle(30, 20, new Rect(3, 3, 5, 5)));
        Masks.Write(_temp.File("pred/2_mask.bmp"), Masks.Filled(10, 40, 0));
        var zip = _temp.File("out/submission.zip");

        var result = new SubmissionBuilder().Build(_temp.Folder("pred"), _temp.Folder("test"), zip);

        result.Problems.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Select(entry => entry.FullName).Order().ShouldBe(["images/1.png", "images/2.png"]);
        using var first = Decode(archive.GetEntry("images/1.png")!);
        (first.Cols, first.Rows, first.Channels()).ShouldBe((30, 20, 1));
        Cv2.CountNonZero(first).ShouldBe(25);
        using var second = Decode(archive.GetEntry("images/2.png")!);
        (second.Cols, second.Rows).ShouldBe((10, 40));
        Directory.GetFiles(_temp.Folder("out")).ShouldBe([zip]);
    }

    [Fact]
    public void Every_problem_is_listed_and_no_zip_is_written()
    {
        Masks.Write(_temp.File("test/missing.jpg"), Masks.ColorImage(8, 8));
        Masks.Write(_temp.File("test/small.jpg"), Masks.ColorImage(8, 8));
        Masks.Write(_temp.File("pred/small.png"), Masks.Filled(4, 4, 0));
        Masks.Write(_temp.File("test/gray.jpg"), Masks.ColorImage(8, 8));
        Masks.Write(_temp.File("pred/gray.png"), Masks.Filled(8, 8, 90));
        Masks.Write(_temp.File("test/ones.jpg"), Masks.ColorImage(8, 8));
        Masks.Write(_temp.File("pred/ones.png"), Masks.WithRectangle(8, 8, new Rect(0, 0, 2, 2)) / 255);
        Masks.Write(_temp.File("test/fine.jpg"), Masks.ColorImage(8, 8));
        Masks.Write(_temp.File("pred/fine.png"), Masks.Filled(8, 8, 255));
        Masks.Write(_temp.File("pred/extra.png"), Masks.Filled(8, 8, 0));
        var zip = _temp.File("submission.zip");

        var result = new SubmissionBuilder().Build(_temp.Folder("pred"), _temp.Folder("test"), zip);

        result.Succeeded.ShouldBeFalse();
        result.ZipPath.ShouldBeNull();
        File.Exists(zip).ShouldBeFalse();
        Directory.GetFiles(_temp.Path).ShouldBeEmpty();
        result.Problems.Count.ShouldBe(5);
        result.Problems.ShouldContain(problem => problem.StartsWith("missing: no mask"));
        result.Problems.ShouldContain(problem => problem.Contains("small.png: mask is 4x4 but test image small.jpg is 8x8"));
        result.Problems.ShouldContain(problem => problem.Contains("gray.png: not binary 0/255 (it has gray levels"));
        result.Problems.ShouldContain(problem => problem.Contains("ones.png: not binary 0/255 (stored as 0/1"));
        result.Problems.ShouldContain(problem => problem.Contains("extra.png: does not belong to any test image"));
    }

    private static Mat Decode(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Cv2.ImDecode(memory.ToArray(), ImreadModes.Unchanged);
    }
}
