using OpenCvSharp;
using Tamper.Imaging;
using Tamper.Tests.Support;

namespace Tamper.Tests.Imaging;

public sealed class ImageWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_saved_mask_reads_back_identically_and_leaves_no_temporary_file()
    {
        using var mask = Masks.FromRows("#.#.", "....", ".##.");
        var path = _temp.File("out/sub/mask.png");

        ImageWriter.SavePng(mask, path);

        using var read = Cv2.ImRead(path, ImreadModes.Unchanged);
        read.Type().ShouldBe(MatType.CV_8UC1);
        Cv2.CountNonZero(read.NotEquals(mask)).ShouldBe(0);
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
    }

    [Fact]
    public void A_heat_map_maps_0_to_0_and_1_to_255()
    {
        using var heat = new Mat(1, 3, MatType.CV_32FC1);
        heat.Set(0, 0, 0f);
        heat.Set(0, 1, 0.5f);
        heat.Set(0, 2, 1f);
        var path = _temp.File("heat.png");

        ImageWriter.SaveHeatmapPng(heat, path);

        using var read = Cv2.ImRead(path, ImreadModes.Unchanged);
        new[] { read.At<byte>(0, 0), read.At<byte>(0, 1), read.At<byte>(0, 2) }.ShouldBe(new byte[] { 0, 128, 255 });
    }
}
