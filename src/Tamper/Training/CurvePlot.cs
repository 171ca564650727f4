using System.Globalization;
using OpenCvSharp;
using Tamper.Imaging;

namespace Tamper.Training;

/// <summary>
/// <c>curve.png</c>: training loss per epoch (left panel) and validation contest score and false-alarm share
/// per epoch (right panel), drawn with OpenCV so no plotting dependency is needed.
/// </summary>
public static class CurvePlot
{
    public const string FileName = "curve.png";

    private const int PanelWidth = 520, Height = 380, Margin = 50;

    public static void Write(string folder, IReadOnlyList<EpochRecord> history)
    {
        using var canvas = new Mat(Height, 2 * PanelWidth, MatType.CV_8UC3, Scalar.All(255));
        var epochs = history.Select(record => (double)record.Epoch).ToArray();
        var losses = history.Select(record => record.Loss).ToArray();
        Panel(canvas, 0, "training loss", epochs, [("loss", losses, new Scalar(200, 80, 0))], losses.DefaultIfEmpty(1).Max() * 1.1);
        var validated = history.Where(record => record.Validation is not null).ToList();
        Panel(canvas, PanelWidth, "validation (mean contest score 0..2, false alarms 0..1)",
            [.. validated.Select(record => (double)record.Epoch)],
            [
                ("score", [.. validated.Select(record => record.Validation!.MeanScore)], new Scalar(0, 140, 0)),
                ("false alarms", [.. validated.Select(record => record.Validation!.FalseAlarmShare)], new Scalar(0, 0, 220)),
            ],
            Math.Max(1, validated.Select(record => record.Validation!.MeanScore).DefaultIfEmpty(0).Max() * 1.1));
        ImageWriter.SavePng(canvas, Path.Combine(folder, FileName));
    }

    private static void Panel(Mat canvas, int offset, string title, double[] x, (string Name, double[] Values, Scalar Colour)[] series, double top)
    {
        int left = offset + Margin, right = offset + PanelWidth - 20, bottom = Height - Margin, upper = 40;
        Cv2.PutText(canvas, title, new Point(left, 24), HersheyFonts.HersheySimplex, 0.45, Scalar.All(0), 1, LineTypes.AntiAlias);
        Cv2.Line(canvas, new Point(left, bottom), new Point(right, bottom), Scalar.All(0));
        Cv2.Line(canvas, new Point(left, bottom), new Point(left, upper), Scalar.All(0));
        double xMax = x.DefaultIfEmpty(1).Max();
        double xMin = x.DefaultIfEmpty(0).Min();
        if (xMax <= xMin) xMax = xMin + 1;
        top = top <= 0 ? 1 : top;
        for (int tick = 0; tick <= 4; tick++)
        {
            int y = bottom - (bottom - upper) * tick / 4;
            Cv2.Line(canvas, new Point(left - 4, y), new Point(left, y), Scalar.All(0));
            Cv2.PutText(canvas, (top * tick / 4).ToString("0.00", CultureInfo.InvariantCulture), new Point(offset + 4, y + 4), HersheyFonts.HersheySimplex, 0.35, Scalar.All(0), 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(canvas, $"epoch {xMin:0}..{xMax:0}", new Point(right - 110, bottom + 30), HersheyFonts.HersheySimplex, 0.4, Scalar.All(0), 1, LineTypes.AntiAlias);
        for (int index = 0; index < series.Length; index++)
        {
            var (name, values, colour) = series[index];
            var points = values.Select((value, i) => new Point(left + (int)((x[i] - xMin) / (xMax - xMin) * (right - left)),
                bottom - (int)(Math.Clamp(value / top, 0, 1) * (bottom - upper)))).ToArray();
            if (points.Length > 1)
                Cv2.Polylines(canvas, [points], false, colour, 2, LineTypes.AntiAlias);
            foreach (var point in points)
                Cv2.Circle(canvas, point, 3, colour, -1, LineTypes.AntiAlias);
            Cv2.PutText(canvas, name, new Point(right - 120, upper + 16 * index + 10), HersheyFonts.HersheySimplex, 0.4, colour, 1, LineTypes.AntiAlias);
        }
    }
}
