using System.Buffers.Binary;
using System.Runtime.InteropServices;
using OpenCvSharp;
using Tamper.Imaging;
using Tamper.Tests.Support;

namespace Tamper.Tests.Imaging;

/// <summary>Files a user may hand over that are not plain single images: animations, multi-page TIFFs, pipes, and the hostile files fuzzing found.</summary>
public sealed partial class UnusualInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_animated_gif_gives_its_first_frame_with_a_notice()
    {
        var path = _temp.File("anim.gif");
        File.WriteAllBytes(path, TwoFrameGif());

        using var image = new ImageLoader().Load(path, PixelLayout.Gray);

        image.Header.ShouldBe(new ImageHeader(ImageFormat.Gif, 2, 1));
        (image.Pixels.At<byte>(0, 0), image.Pixels.At<byte>(0, 1)).ShouldBe(((byte)0, (byte)255)); // frame 1: black, white
        image.Notices.ShouldContain(notice => notice.Contains("first of 2 frames"));
    }

    [Fact]
    public void A_multi_page_tiff_gives_its_first_page_with_a_notice()
    {
        var path = _temp.File("pages.tif");
        using var first = Masks.Filled(24, 16, 10);
        using var second = Masks.Filled(24, 16, 200);
        using var third = Masks.Filled(24, 16, 90);
        Cv2.ImWrite(path, new[] { first, second, third }).ShouldBeTrue();

        using var image = new ImageLoader().Load(path, PixelLayout.Gray);

        image.Pixels.At<byte>(5, 5).ShouldBe((byte)10);
        image.Notices.ShouldBe(["multi-page TIFF: only the first of 3 pages was read"]);
    }

    [Fact]
    public void A_single_image_has_no_notices()
    {
        var path = _temp.File("one.tif");
        Masks.Write(path, Masks.ColorImage(20, 10));

        using var image = new ImageLoader().Load(path);

        image.Notices.ShouldBeEmpty();
    }

    [SkippableFact]
    public void A_fifo_named_like_an_image_is_refused_without_waiting_for_a_writer()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are checked on Linux");
        var path = _temp.File("pipe.jpg");
        MakeFifo(path, 0x1B6).ShouldBe(0);

        var load = Task.Run(() => Should.Throw<InputFileException>(() => new ImageLoader().Load(path)));

        load.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue("loading a FIFO must not wait for a writer");
        load.Result.Problem.ShouldContain("FIFO");
    }

    [Fact]
    public void A_jpeg_whose_huffman_table_holds_a_marker_is_an_input_error()
    {
        var bytes = Encoded(".jpg");
        int dht = IndexOfMarker(bytes, 0xC4);
        bytes[dht + 6] = 0xFF; // a marker byte inside the DHT segment (the parser used to throw MetadataException)
        bytes[dht + 7] = 0xDA;

        Should.Throw<InputFileException>(() => new ImageLoader().Load(bytes, "dht.jpg")).Message.ShouldStartWith("dht.jpg: ");
    }

    [Fact]
    public void A_png_chunk_claiming_two_gigabytes_is_an_input_error()
    {
        var bytes = Encoded(".png");
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(33), 0x7FFFFFFF); // the chunk after IHDR (used to throw OutOfMemoryException)

        Should.Throw<InputFileException>(() => new ImageLoader().Load(bytes, "huge-chunk.png"));
    }

    [Fact]
    public void A_png_chunk_claiming_far_more_than_the_file_holds_is_refused_before_the_decoder_allocates_it()
    {
        var bytes = Encoded(".png");
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(33), 1_144_106_796); // the IDAT after IHDR; found by fuzzing (1 GB allocated)

        var error = Should.Throw<InputFileException>(() => new ImageLoader().Load(bytes, "liar.png"));

        error.Problem.ShouldContain("claims 1,144,106,796 bytes");
    }

    [Fact]
    public void An_image_wider_than_jpeg_can_store_is_still_analyzed_by_the_jpeg_resaving_analyzers()
    {
        using var pixels = Masks.ColorImage(70_000, 16, seed: 3); // JPEG stores at most 65,535 px a side; found by fuzzing
        var header = new ImageHeader(ImageFormat.Png, 70_000, 16);
        using var image = new RasterImage("wide.png", header, pixels.Clone(), 8, 3);
        using var input = new Tamper.Forensics.ForensicInput("wide.png", image, []);

        foreach (var name in new[] { "ela", "ghost" })
        {
            using var result = Tamper.Forensics.AnalyzerRegistry.Create(name).Analyze(input);
            result.Map.ShouldNotBeNull();
            (result.Map.Cols, result.Map.Rows).ShouldBe((70_000, 16));
        }
    }

    [Theory]
    [InlineData("afl-hang-1.png")]
    [InlineData("afl-hang-2.png")]
    public void Files_that_hung_the_coverage_guided_fuzzer_are_refused_at_once(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Imaging", "FuzzFindings", name);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Should.Throw<InputFileException>(() => new ImageLoader().Load(path)).Problem.ShouldContain("claims");

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "AFL++ timed these out at 10 s: the parser allocated gigabytes first");
    }

    [Fact]
    public void A_bmp_whose_height_is_int_min_is_an_input_error()
    {
        var bytes = Encoded(".bmp");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), int.MinValue); // used to throw OverflowException

        Should.Throw<InputFileException>(() => new ImageLoader().Load(bytes, "tall.bmp")).Problem.ShouldContain("dimensions");
    }

    private static byte[] Encoded(string extension)
    {
        using var image = Masks.ColorImage(32, 24);
        Cv2.ImEncode(extension, image, out var bytes);
        return bytes;
    }

    private static int IndexOfMarker(byte[] bytes, byte marker)
    {
        for (int i = 2; i + 1 < bytes.Length; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] == marker)
                return i;
        throw new InvalidOperationException($"marker {marker:X2} not found");
    }

    /// <summary>A 2x1 GIF of two frames (black-white, then white-black), LZW written out by hand.</summary>
    private static byte[] TwoFrameGif()
    {
        // codes clear(4), 0, 1, end(5) at 3 bits, packed LSB first = 0x44 0x0A; 1, 0 = 0x0C 0x0A
        byte[] Frame(byte first, byte second) =>
        [
            0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00, // graphic control: delay 10
            0x2C, 0, 0, 0, 0, 0x02, 0x00, 0x01, 0x00, 0x00, // image descriptor 2x1
            0x02, 0x02, first, second, 0x00,
        ];
        return
        [
            .. "GIF89a"u8, 0x02, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
            0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, // color table: black, white
            .. Frame(0x44, 0x0A),
            .. Frame(0x0C, 0x0A),
            0x3B,
        ];
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, int mode);
}
