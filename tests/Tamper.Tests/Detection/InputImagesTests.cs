using Tamper.Batch;
using Tamper.Tests.Support;

namespace Tamper.Tests.Detection;

public sealed class InputImagesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Files_folders_and_patterns_expand_to_images_with_unique_ids()
    {
        Masks.Write(_temp.File("a/1.jpg"), Masks.Filled(4, 4, 0));
        Masks.Write(_temp.File("a/2.png"), Masks.Filled(4, 4, 0));
        File.WriteAllText(_temp.File("a/notes.txt"), "x");
        Masks.Write(_temp.File("b/3.jpg"), Masks.Filled(4, 4, 0));
        Masks.Write(_temp.File("b/1.png"), Masks.Filled(4, 4, 0));

        var (items, problems) = InputImages.Expand([_temp.Folder("a"), _temp.Path + "/b/*.jpg", _temp.File("b/1.png"), _temp.Path + "/absent.jpg"]);

        items.Select(item => item.Id).ShouldBe(["1", "2", "3"]);
        problems.Count.ShouldBe(2);
        problems.ShouldContain(problem => problem.Contains("1.png: skipped, its id '1' is taken"));
        problems.ShouldContain(problem => problem.Contains("absent.jpg: no such file or folder"));
    }
}
