namespace Tamper.Forensics.Jpeg;

/// <summary>One JPEG quantization table, 64 values in natural (row-major) order, and its slot (0..3).</summary>
public sealed record QuantizationTable(int Slot, int[] Values)
{
    /// <summary>The IJG (libjpeg) base tables, row-major, from the JPEG standard annex K.1.</summary>
    public static int[] StandardLuminance { get; } =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    public static int[] StandardChrominance { get; } =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>The table libjpeg writes for <paramref name="quality"/> (1..100) from a base table.</summary>
    public static int[] Scaled(int[] baseTable, int quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        return baseTable.Select(value => Math.Clamp((value * scale + 50) / 100, 1, 255)).ToArray();
    }

    /// <summary>The zig-zag scan position of each natural-order index (the order tables are stored in files).</summary>
    public static int[] ZigZagToNatural { get; } =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];
}
