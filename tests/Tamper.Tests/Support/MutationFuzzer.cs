using System.Buffers.Binary;
using OpenCvSharp;

namespace Tamper.Tests.Support;

/// <summary>
/// A deterministic mutation fuzzer for image files: seeds in every format the tool reads, and mutants made of bit
/// flips, interesting byte values, truncation, edits of the fields decoders trust (JPEG segment lengths, PNG chunk
/// lengths and IHDR sizes, TIFF entry counts and offsets, BMP sizes), and duplicated or deleted blocks. The same
/// seed number always gives the same mutant, so a failure names a mutant that can be rebuilt.
/// </summary>
public static class MutationFuzzer
{
    /// <summary>One small photo-like image encoded as JPEG (baseline and progressive), PNG (8 and 16 bit), TIFF, BMP and WebP.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Seeds()
    {
        using var image = Masks.ColorImage(40, 32, seed: 7);
        using var deep = new Mat();
        image.ConvertTo(deep, MatType.CV_16UC3, 257);
        return
        [
            ("seed.jpg", Encode(".jpg", image, new ImageEncodingParam(ImwriteFlags.JpegQuality, 80))),
            ("seed-progressive.jpg", Encode(".jpg", image, new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1))),
            ("seed.png", Encode(".png", image)),
            ("seed-16bit.png", Encode(".png", deep)),
            ("seed.tif", Encode(".tif", image)),
            ("seed.bmp", Encode(".bmp", image)),
            ("seed.webp", Encode(".webp", image, new ImageEncodingParam(ImwriteFlags.WebPQuality, 90))),
        ];
    }

    /// <summary>Mutant number <paramref name="index"/>: a seed picked by the index, one to three mutations.</summary>
    public static (string Name, byte[] Bytes) Mutant(IReadOnlyList<(string Name, byte[] Bytes)> seeds, int index)
    {
        var random = new Random(index * 7919 + 17);
        var (name, seed) = seeds[index % seeds.Count];
        var bytes = seed.ToList();
        int mutations = 1 + random.Next(3);
        for (int i = 0; i < mutations && bytes.Count > 0; i++)
            Mutate(bytes, random);
        return ($"mutant-{index:D5}-{Path.GetFileNameWithoutExtension(name)}{Path.GetExtension(name)}", bytes.ToArray());
    }

    private static void Mutate(List<byte> bytes, Random random)
    {
        switch (random.Next(7))
        {
            case 0: // bit flips
                for (int flips = 1 + random.Next(8); flips > 0; flips--)
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // interesting values
                byte[] values = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE];
                for (int edits = 1 + random.Next(4); edits > 0; edits--)
                    bytes[random.Next(bytes.Count)] = values[random.Next(values.Length)];
                break;
            case 2: // truncation
                if (bytes.Count > 1)
                {
                    int keep = 1 + random.Next(bytes.Count - 1);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                }
                break;
            case 3: // a length or size field the decoder trusts
                EditField(bytes, random);
                break;
            case 4: // duplicate a block
                {
                    int start = random.Next(bytes.Count), length = Math.Min(bytes.Count - start, 1 + random.Next(256));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(start, length));
                    break;
                }
            case 5: // delete a block
                {
                    int start = random.Next(bytes.Count), length = Math.Min(bytes.Count - start, 1 + random.Next(64));
                    bytes.RemoveRange(start, length);
                    break;
                }
            default: // a 32-bit field anywhere set to an extreme
                if (bytes.Count >= 4)
                {
                    int at = random.Next(bytes.Count - 3);
                    Write32(bytes, at, Extreme(random), bigEndian: random.Next(2) == 0);
                }
                break;
        }
    }

    /// <summary>Edits a structural field: a JPEG segment length, a PNG chunk length or IHDR size, a TIFF count or offset, a BMP size.</summary>
    private static void EditField(List<byte> bytes, Random random)
    {
        if (bytes.Count < 32)
            return;
        if (bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            var markers = Enumerable.Range(2, bytes.Count - 5).Where(i => bytes[i] == 0xFF && bytes[i + 1] is >= 0xC0 and <= 0xFE and not 0xD8 and not 0xD9).ToList();
            if (markers.Count == 0) return;
            int at = markers[random.Next(markers.Count)] + 2;
            ushort value = (ushort)(random.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => random.Next(0x10000) });
            (bytes[at], bytes[at + 1]) = ((byte)(value >> 8), (byte)value);
        }
        else if (bytes[0] == 0x89 && bytes[1] == 'P')
        {
            // chunk lengths from offset 8; IHDR width/height at 16/20
            var chunks = new List<int>();
            for (long at = 8; at + 8 <= bytes.Count && chunks.Count < 64;)
            {
                chunks.Add((int)at);
                at += 12L + BinaryPrimitives.ReadUInt32BigEndian(bytes.GetRange((int)at, 4).ToArray());
            }
            int field = random.Next(3) switch { 0 => 16, 1 => 20, _ => chunks[random.Next(chunks.Count)] };
            Write32(bytes, field, Extreme(random), bigEndian: true);
        }
        else if (bytes[0] is (byte)'I' or (byte)'M' && bytes[1] == bytes[0])
        {
            bool big = bytes[0] == 'M';
            int ifd = (int)Math.Min(bytes.Count - 2, big ? BinaryPrimitives.ReadUInt32BigEndian(bytes.GetRange(4, 4).ToArray()) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.GetRange(4, 4).ToArray()));
            int entry = ifd + 2 + 12 * random.Next(8);
            int at = random.Next(4) switch { 0 => 4, 1 => ifd, _ => Math.Min(bytes.Count - 4, entry + 4 + 4 * random.Next(2)) };
            Write32(bytes, Math.Max(0, Math.Min(bytes.Count - 4, at)), Extreme(random), big);
        }
        else if (bytes[0] == 'B' && bytes[1] == 'M')
        {
            int[] fields = [2, 10, 14, 18, 22, 28, 30, 34, 46];
            Write32(bytes, fields[random.Next(fields.Length)], Extreme(random), bigEndian: false);
        }
        else
        {
            Write32(bytes, 4 + random.Next(Math.Max(1, Math.Min(bytes.Count - 8, 40))), Extreme(random), bigEndian: false);
        }
    }

    private static uint Extreme(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => 0x7FFFFFFF,
        2 => 0x80000000,
        3 => 0xFFFFFFFF,
        4 => 0xFFFF,
        5 => 0x10000,
        6 => (uint)random.Next(1, 100_000),
        _ => (uint)random.Next(),
    };

    private static void Write32(List<byte> bytes, int at, uint value, bool bigEndian)
    {
        if (at < 0 || at + 4 > bytes.Count) return;
        Span<byte> field = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(field, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(field, value);
        for (int i = 0; i < 4; i++) bytes[at + i] = field[i];
    }

    private static byte[] Encode(string extension, Mat image, params ImageEncodingParam[] parameters)
    {
        Cv2.ImEncode(extension, image, out var bytes, parameters);
        return bytes;
    }
}
