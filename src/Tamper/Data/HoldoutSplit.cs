using System.Security.Cryptography;
using System.Text;

namespace Tamper.Data;

/// <summary>
/// A fixed split of source images into "used for synthesis" and "held out" (kept as authentic validation
/// images, to measure false alarms on photos the model never saw). Decided by a hash of the file name
/// alone, so it is the same on every machine, in every run, whatever folder the files sit in.
/// </summary>
public sealed record HoldoutSplit(double Share)
{
    public bool IsHeldOut(string path)
    {
        if (Share <= 0) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFileName(path).ToLowerInvariant()));
        double position = BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue;
        return position < Share;
    }
}
