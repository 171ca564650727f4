using OpenCvSharp;
using Tamper.Imaging;
using Tamper.Tests.Support;

namespace Tamper.Tests.Imaging;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, ImageFormat, int, int, bool> Formats() => new()
    {
        // extension, format, bit depth, channels, lossless
        { ".png", ImageFormat.Png, 8, 1, true },
        { ".png", ImageFormat.Png, 8, 3, true },
        { ".png", ImageFormat.Png, 8, 4, true },
        { ".png", ImageFormat.Png, 16, 1, true },
        { ".png", ImageFormat.Png, 16, 3, true },
        { ".png", ImageFormat.Png, 16, 4, true },
        { ".tif", ImageFormat.Tiff, 8, 1, true },
        { ".tif", ImageFormat.Tiff, 8, 3, true },
        { ".tif", ImageFormat.Tiff, 8, 4, true },
        { ".tif", ImageFormat.Tiff, 16, 1, true },
        { ".tif", ImageFormat.Tiff, 16, 3, true },
        { ".bmp", ImageFormat.Bmp, 8, 1, true },
        { ".bmp", ImageFormat.Bmp, 8, 3, true },
        { ".jpg", ImageFormat.Jpeg, 8, 1, false },
        { ".jpg", ImageFormat.Jpeg, 8, 3, false },
        { ".webp", ImageFormat.WebP, 8, 3, false },
        { ".webp", ImageFormat.WebP, 8, 4, false },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_depth_and_channel_count_loads_as_8_bit_bgr_of_the_stored_size(
        string extension, ImageFormat format, int bitDepth, int channels, bool lossless)
    {
        using var expected = Masks.ColorImage(37, 23, seed: 7);
        using var stored = StoredVariant(expected, bitDepth, channels);
        var path = _temp.File("image" + extension);
        Masks.Write(path, stored);

        using var image = new ImageLoader().Load(path);

        image.Header.Format.ShouldBe(format);
        (image.Width, image.Height).ShouldBe((37, 23));
        image.Pixels.Type().ShouldBe(MatType.CV_8UC3);
        image.SourceBitDepth.ShouldBe(bitDepth);
        image.SourceChannels.ShouldBe(channels);
        using var reference = channels == 1 ? Gray(expected).CvtColor(ColorConversionCodes.GRAY2BGR) : expected.Clone();
        using var difference = new Mat();
        Cv2.Absdiff(image.Pixels, reference, difference);
        Cv2.MinMaxLoc(difference.Reshape(1), out double _, out double maxDifference);
        maxDifference.ShouldBeLessThanOrEqualTo(lossless ? 1 : 40, $"{format} {bitDepth}-bit {channels}-channel pixels");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_tiff_whose_first_directory_is_at_offset_8_is_read_as_tiff(bool littleEndian)
    {
        // Such files (CASIA's, for one) share their leading bytes with Sony ARW / Nikon NEF raw files.
        var path = _temp.File("offset8.tif");
        byte[] pixels = [0, 50, 100, 150, 200, 250];
        File.WriteAllBytes(path, MinimalGrayTiff(3, 2, pixels, littleEndian));

        using var image = new ImageLoader().Load(path, PixelLayout.Gray);

        image.Header.ShouldBe(new ImageHeader(ImageFormat.Tiff, 3, 2));
        image.Pixels.At<byte>(1, 2).ShouldBe((byte)250);
        image.Pixels.At<byte>(0, 1).ShouldBe((byte)50);
    }

    [Fact]
    public void Gray_layout_gives_one_channel_from_a_color_file()
    {
        using var color = Masks.ColorImage(10, 8);
        var path = _temp.File("c.png");
        Masks.Write(path, color);

        using var image = new ImageLoader().Load(path, PixelLayout.Gray);

        image.Pixels.Type().ShouldBe(MatType.CV_8UC1);
        using var expected = Gray(color);
        Cv2.CountNonZero(image.Pixels.NotEquals(expected)).ShouldBe(0);
    }

    [Fact]
    public void Content_decides_the_format_not_the_extension()
    {
        var path = _temp.File("actually-a-png.jpg");
        Masks.Write(_temp.File("real.png"), Masks.Filled(5, 4, 9));
        File.Copy(_temp.File("real.png"), path);

        using var image = new ImageLoader().Load(path);

        image.Header.Format.ShouldBe(ImageFormat.Png);
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_naming_the_file()
    {
        var path = _temp.File("cut.jpg");
        Masks.Write(path, Masks.ColorImage(64, 64));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Should.Throw<InputFileException>(() => new ImageLoader().Load(path));

        error.Path.ShouldBe(path);
        error.Message.ShouldStartWith(path + ": ");
        error.Problem.ShouldContain("corrupt or truncated");
    }

    [Fact]
    public void A_truncated_png_is_refused()
    {
        var path = _temp.File("cut.png");
        Masks.Write(path, Masks.ColorImage(64, 64));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Path.ShouldBe(path);
    }

    [Fact]
    public void Random_bytes_after_a_valid_signature_are_refused()
    {
        var path = _temp.File("garbage.png");
        var bytes = new byte[300];
        new Random(3).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Path.ShouldBe(path);
    }

    [Fact]
    public void An_empty_file_is_refused_as_empty()
    {
        var path = _temp.File("empty.png");
        File.WriteAllBytes(path, []);

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Problem.ShouldBe("empty file");
    }

    [Fact]
    public void A_text_file_is_refused_as_not_an_image()
    {
        var path = _temp.File("notes.png");
        File.WriteAllText(path, "this is not an image at all, just some text");

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Problem.ShouldStartWith("not an image");
    }

    [Fact]
    public void A_missing_file_is_reported_as_not_found()
    {
        var path = _temp.File("nowhere.png");

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Problem.ShouldBe("file not found");
    }

    [Fact]
    public void An_image_above_the_pixel_limit_is_refused_before_decoding()
    {
        var path = _temp.File("big.png");
        Masks.Write(path, Masks.Filled(2000, 1000, 0));
        var loader = new ImageLoader(new ImageLimits(MaxPixels: 1_000_000));

        var error = Should.Throw<InputFileException>(() => loader.Load(path));

        error.Problem.ShouldContain("2000x1000");
        error.Problem.ShouldContain("above the limit of 1 MP");
    }

    [Fact]
    public void A_header_claiming_ten_gigapixels_is_refused_from_the_header_alone()
    {
        // A valid small PNG whose IHDR is rewritten to claim 100000 x 100000 pixels: decoding it would
        // try to allocate 10 GB, so the refusal must come from the header.
        var path = _temp.File("bomb.png");
        Masks.Write(path, Masks.Filled(8, 8, 0));
        var bytes = File.ReadAllBytes(path);
        WriteBigEndian(bytes, 16, 100_000);
        WriteBigEndian(bytes, 20, 100_000);
        File.WriteAllBytes(path, bytes);

        var error = Should.Throw<InputFileException>(() => new ImageLoader().Load(path));

        error.Problem.ShouldContain("100000x100000");
        error.Problem.ShouldContain("above the limit");
    }

    [Fact]
    public void A_file_above_the_byte_limit_is_refused()
    {
        var path = _temp.File("bytes.png");
        Masks.Write(path, Masks.ColorImage(100, 100));
        var loader = new ImageLoader(new ImageLimits(MaxFileBytes: 100));

        Should.Throw<InputFileException>(() => loader.Load(path)).Problem.ShouldContain("above the limit of 100");
    }

    [Fact]
    public void Bytes_in_memory_load_like_files()
    {
        var path = _temp.File("m.png");
        Masks.Write(path, Masks.ColorImage(12, 9));

        using var image = new ImageLoader().Load(File.ReadAllBytes(path), "upload");

        (image.Width, image.Height).ShouldBe((12, 9));
        image.Path.ShouldBe("upload");
    }

    private static Mat StoredVariant(Mat bgr, int bitDepth, int channels)
    {
        using var withChannels = channels switch
        {
            1 => Gray(bgr),
            4 => WithPartialAlpha(bgr),
            _ => bgr.Clone(),
        };
        if (bitDepth == 8)
            return withChannels.Clone();
        var sixteen = new Mat();
        withChannels.ConvertTo(sixteen, MatType.CV_16U, 257.0);
        return sixteen;
    }

    /// <summary>BGRA with a non-uniform alpha (encoders may drop an alpha channel that is opaque everywhere).</summary>
    private static Mat WithPartialAlpha(Mat bgr)
    {
        var bgra = bgr.CvtColor(ColorConversionCodes.BGR2BGRA);
        using var alpha = new Mat(bgr.Rows, bgr.Cols, MatType.CV_8UC1, Scalar.All(255));
        alpha[new Rect(0, 0, bgr.Cols / 2, bgr.Rows)].SetTo(Scalar.All(200));
        Cv2.InsertChannel(alpha, bgra, 3);
        return bgra;
    }

    private static Mat Gray(Mat bgr) => bgr.CvtColor(ColorConversionCodes.BGR2GRAY);

    /// <summary>An uncompressed 8-bit gray baseline TIFF with its only directory right after the header.</summary>
    private static byte[] MinimalGrayTiff(int width, int height, byte[] pixels, bool littleEndian)
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 3, (uint)width), (257, 3, (uint)height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 3, (uint)height), (279, 4, (uint)pixels.Length),
        ];
        int dataOffset = 8 + 2 + entries.Length * 12 + 4;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        void U16(ushort v) => writer.Write(littleEndian ? v : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v));
        void U32(uint v) => writer.Write(littleEndian ? v : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v));
        writer.Write(littleEndian ? "II"u8.ToArray() : "MM"u8.ToArray());
        U16(42);
        U32(8);
        U16((ushort)entries.Length);
        foreach (var (tag, type, value) in entries)
        {
            U16(tag);
            U16(type);
            U32(1);
            var stored = tag == 273 ? (uint)dataOffset : value;
            if (type == 3) { U16((ushort)stored); U16(0); } // a SHORT sits left-justified in the value field
            else U32(stored);
        }
        U32(0);
        writer.Write(pixels);
        return stream.ToArray();
    }

    private static void WriteBigEndian(byte[] bytes, int offset, int value)
    {
        bytes[offset] = (byte)(value >> 24);
        bytes[offset + 1] = (byte)(value >> 16);
        bytes[offset + 2] = (byte)(value >> 8);
        bytes[offset + 3] = (byte)value;
    }
}
