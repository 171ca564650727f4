using System.Buffers.Binary;

namespace Tamper.Imaging;

/// <summary>Counts the pages (image file directories) of a TIFF by walking its IFD chain, with bounds and a cycle guard.</summary>
internal static class TiffPages
{
    private const int MaxPages = 10_000;

    public static int Count(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8 || tiff[0] != tiff[1] || tiff[0] is not ((byte)'I' or (byte)'M'))
            return 0;
        bool big = tiff[0] == 'M';
        uint Read32(ReadOnlySpan<byte> at) => big ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt32LittleEndian(at);
        ushort Read16(ReadOnlySpan<byte> at) => big ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at);
        var seen = new HashSet<uint>();
        uint offset = Read32(tiff[4..]);
        int pages = 0;
        while (offset != 0 && offset + 2L <= tiff.Length && seen.Add(offset) && pages < MaxPages)
        {
            pages++;
            long next = offset + 2L + 12L * Read16(tiff[(int)offset..]);
            if (next + 4 > tiff.Length)
                break;
            offset = Read32(tiff[(int)next..]);
        }
        return pages;
    }
}
