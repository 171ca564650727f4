using System.Globalization;

namespace Tamper.Cli.Commands;

/// <summary>Parses a size option: <c>MIN..MAX</c> or one value, in 64..8192 px.</summary>
public static class SizeRange
{
    public static bool TryParse(string text, out int min, out int max)
    {
        var parts = text.Split("..");
        min = max = 0;
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out max))
            return false;
        return min >= 64 && max <= 8192 && min <= max;
    }
}
