using System.Globalization;

namespace Tamper.Cli.Commands;

/// <summary>Checks options that are shares (0..1) and names the first one out of range.</summary>
public static class ShareOptions
{
    /// <returns>The message for the first option outside 0..1, or null when all are in range.</returns>
    public static string? Problem(params (string Name, double Value)[] shares) =>
        shares.Where(share => share.Value is < 0 or > 1)
            .Select(share => string.Create(CultureInfo.InvariantCulture, $"{share.Name} {share.Value}: a share in 0..1"))
            .FirstOrDefault();
}
