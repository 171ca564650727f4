using BitMiracle.LibJpeg.Classic;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace Tamper.Forensics.Jpeg;

/// <summary>
/// The compression internals of a JPEG file: its quantization tables (from the DQT segments, read with
/// MetadataExtractor's segment reader) and the quantized DCT coefficients of the luminance channel
/// (LibJpeg.NET <c>jpeg_read_coefficients</c>), one 64-value block per 8x8 pixels, row-major inside a block.
/// </summary>
public sealed class JpegStructure
{
    private JpegStructure(IReadOnlyList<QuantizationTable> tables, int lumaTableSlot, short[] lumaCoefficients, int blocksWide, int blocksHigh)
    {
        Tables = tables;
        LumaTableSlot = lumaTableSlot;
        LumaCoefficients = lumaCoefficients;
        BlocksWide = blocksWide;
        BlocksHigh = blocksHigh;
    }

    public IReadOnlyList<QuantizationTable> Tables { get; }

    public int LumaTableSlot { get; }

    public QuantizationTable? LumaTable => Tables.FirstOrDefault(table => table.Slot == LumaTableSlot);

    /// <summary>Quantized luminance coefficients: block (bx, by), frequency k at [(by * BlocksWide + bx) * 64 + k].</summary>
    public short[] LumaCoefficients { get; }

    public int BlocksWide { get; }

    public int BlocksHigh { get; }

    public static IReadOnlyList<QuantizationTable> ReadTables(byte[] jpeg)
    {
        var tables = new List<QuantizationTable>();
        var segments = JpegSegmentReader.ReadSegments(new SequentialByteArrayReader(jpeg), [JpegSegmentType.Dqt]);
        foreach (var segment in segments)
        {
            var bytes = segment.Bytes;
            int position = 0;
            while (position < bytes.Length)
            {
                int precision = bytes[position] >> 4, slot = bytes[position] & 0x0F;
                position++;
                var values = new int[64];
                for (int i = 0; i < 64 && position < bytes.Length; i++)
                {
                    values[QuantizationTable.ZigZagToNatural[i]] = precision == 0 ? bytes[position] : (bytes[position] << 8) | bytes[position + 1];
                    position += precision == 0 ? 1 : 2;
                }
                tables.RemoveAll(table => table.Slot == slot); // a later table replaces an earlier one in the same slot
                tables.Add(new QuantizationTable(slot, values));
            }
        }
        return tables;
    }

    /// <exception cref="InvalidDataException">the data cannot be parsed as a baseline or progressive JPEG</exception>
    public static JpegStructure Read(byte[] jpeg)
    {
        var tables = ReadTables(jpeg);
        var decompressor = new jpeg_decompress_struct();
        try
        {
            using var stream = new MemoryStream(jpeg, writable: false);
            decompressor.jpeg_stdio_src(stream);
            decompressor.jpeg_read_header(true);
            var coefficients = decompressor.jpeg_read_coefficients();
            var luma = decompressor.Comp_info[0];
            int maxV = decompressor.Comp_info.Take(decompressor.Num_components).Max(component => component.V_samp_factor);
            // LibJpeg.NET does not expose the block-row count: derive it from the height and sampling (docs/stack-notes.md, note 5).
            int componentHeight = (int)Math.Ceiling(decompressor.Image_height * (double)luma.V_samp_factor / maxV);
            int blocksHigh = (componentHeight + 7) / 8;
            int blocksWide = luma.Width_in_blocks;
            var values = new short[(long)blocksHigh * blocksWide * 64];
            for (int by = 0; by < blocksHigh; by++)
            {
                var row = coefficients[0].Access(by, 1)[0];
                for (int bx = 0; bx < blocksWide; bx++)
                {
                    var block = row[bx];
                    int offset = (by * blocksWide + bx) * 64;
                    for (int k = 0; k < 64; k++)
                        values[offset + k] = block[k];
                }
            }
            return new JpegStructure(tables, luma.Quant_tbl_no, values, blocksWide, blocksHigh);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"cannot read the JPEG coefficients ({e.Message})", e);
        }
    }
}
