using OpenCvSharp;
using Tamper.Imaging;
using Tamper.Tests.Support;

namespace Tamper.Tests.Imaging;

public sealed class MaskReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_0_255_mask_is_read_as_it_is()
    {
        using var stored = Masks.FromRows("#..", ".#.");
        var path = _temp.File("m.png");
        Masks.Write(path, stored);

        using var mask = new MaskReader().Read(path);

        mask.Encoding.ShouldBe(MaskEncoding.ZeroAnd255);
        Cv2.CountNonZero(mask.Binary.NotEquals(stored)).ShouldBe(0);
    }

    [Fact]
    public void A_0_1_mask_is_detected_and_1_read_as_tampered()
    {
        using var binary = Masks.FromRows("##..", "....", "...#");
        using var zeroOne = new Mat();
        binary.ConvertTo(zeroOne, MatType.CV_8U, 1.0 / 255);
        var path = _temp.File("m01.png");
        Masks.Write(path, zeroOne);

        using var mask = new MaskReader().Read(path);

        mask.Encoding.ShouldBe(MaskEncoding.ZeroAndOne);
        Cv2.CountNonZero(mask.Binary.NotEquals(binary)).ShouldBe(0);
    }

    [Fact]
    public void Gray_levels_are_tampered_above_127()
    {
        using var gray = new Mat(1, 4, MatType.CV_8UC1);
        gray.Set(0, 0, (byte)0);
        gray.Set(0, 1, (byte)127);
        gray.Set(0, 2, (byte)128);
        gray.Set(0, 3, (byte)200);
        var path = _temp.File("g.png");
        Masks.Write(path, gray);

        using var mask = new MaskReader().Read(path);

        mask.Encoding.ShouldBe(MaskEncoding.Gray);
        new[] { mask.Binary.At<byte>(0, 0), mask.Binary.At<byte>(0, 1), mask.Binary.At<byte>(0, 2), mask.Binary.At<byte>(0, 3) }
            .ShouldBe(new byte[] { 0, 0, 255, 255 });
    }

    [Fact]
    public void A_16_bit_mask_reads_like_its_8_bit_version()
    {
        using var binary = Masks.FromRows(".#", "#.");
        using var sixteen = new Mat();
        binary.ConvertTo(sixteen, MatType.CV_16U, 257.0);
        var path = _temp.File("m16.png");
        Masks.Write(path, sixteen);

        using var mask = new MaskReader().Read(path);

        Cv2.CountNonZero(mask.Binary.NotEquals(binary)).ShouldBe(0);
    }
}
