namespace Tamper.Forensics.Jpeg;

/// <summary>
/// The libjpeg quality whose scaled standard table is closest to a file's table. <see cref="Exact"/> is
/// true when the file's table is exactly that table (typical of software that uses libjpeg); cameras and
/// some editors write their own tables, and then the estimate is only the nearest equivalent.
/// </summary>
public sealed record QualityEstimate(int Quality, bool Exact, double MeanAbsoluteError)
{
    public static QualityEstimate For(QuantizationTable table, bool chrominance)
    {
        var baseTable = chrominance ? QuantizationTable.StandardChrominance : QuantizationTable.StandardLuminance;
        var best = new QualityEstimate(0, false, double.MaxValue);
        for (int quality = 1; quality <= 100; quality++)
        {
            var scaled = QuantizationTable.Scaled(baseTable, quality);
            double error = 0;
            for (int i = 0; i < 64; i++)
                error += Math.Abs(scaled[i] - table.Values[i]);
            error /= 64;
            if (error < best.MeanAbsoluteError)
                best = new QualityEstimate(quality, error == 0, error);
        }
        return best;
    }

    public override string ToString() => Exact ? $"{Quality} (standard table)" : $"~{Quality} (custom table, mean deviation {MeanAbsoluteError:0.0})";
}
