using System.Buffers.Binary;
using System.Globalization;

namespace Tamper.Imaging;

/// <summary>
/// Checks a PNG's chunk lengths before any parser reads it: both the metadata reader and the decoder allocate what a
/// chunk claims, so a length far beyond the end of the file (1 GB in a 3 KB file, found by fuzzing) would cost that
/// much before the data runs out. A file that simply ends early passes: the decoder reports it as truncated.
/// </summary>
internal static class PngChunks
{
    private const int SignatureLength = 8;

    /// <returns>The problem, or null when no chunk claims far more than the file holds. The stream's position is restored.</returns>
    public static string? Problem(Stream png)
    {
        long start = png.Position;
        try
        {
            Span<byte> chunkHeader = stackalloc byte[8];
            for (long at = SignatureLength; at + 8 <= png.Length;)
            {
                png.Position = at;
                png.ReadExactly(chunkHeader);
                long length = BinaryPrimitives.ReadUInt32BigEndian(chunkHeader);
                var type = string.Create(4, chunkHeader[4..].ToArray(), (text, bytes) =>
                {
                    for (int i = 0; i < 4; i++) text[i] = bytes[i] is >= 32 and <= 126 ? (char)bytes[i] : '?';
                });
                long remaining = Math.Max(0, png.Length - at - 12);
                // a cut file ends inside its last chunk; a claim beyond twice the rest of the file is a lie, not a cut
                if (length > 2 * remaining + 65536)
                    return string.Create(CultureInfo.InvariantCulture, $"corrupt PNG: chunk '{type}' claims {length:N0} bytes but only {remaining:N0} follow");
                if (type == "IEND" || length > remaining)
                    return null;
                at += 12 + length;
            }
            return null;
        }
        finally
        {
            png.Position = start;
        }
    }
}
