using ScottPlot;
using Tamper.Metrics;

namespace Tamper.Plots;

/// <summary>
/// Score and false alarms against the heat-map threshold: the mean contest score of the tampered images per source
/// (left) and the share of untouched images given a mask (right), with the chosen thresholds marked.
/// </summary>
public static class ThresholdPlot
{
    /// <param name="curves">One curve per source (and "all"), in legend order.</param>
    /// <param name="marks">Thresholds to mark with a vertical line and a label (operating points).</param>
    public static void Save(string path, IReadOnlyList<(string Name, IReadOnlyList<ThresholdPoint> Curve)> curves,
        IReadOnlyList<(string Label, double Threshold)>? marks = null)
    {
        var score = PlotSetup.New("mean score of the tampered images", "heat-map threshold", "F1 + IoU (0..2)");
        var alarms = PlotSetup.New("untouched images given a mask", "heat-map threshold", "share of the untouched images");
        for (int index = 0; index < curves.Count; index++)
        {
            var (name, curve) = curves[index];
            var color = PlotSetup.Color(index);
            double[] thresholds = [.. curve.Select(point => point.Threshold)];
            var line = score.Add.ScatterLine(thresholds, curve.Select(point => point.TamperedMean).ToArray(), color);
            line.LegendText = name;
            line.LineWidth = name == "all" ? 3 : 1.5f;
            var withAuthentic = curve.Where(point => point.FalseAlarmShare is not null).ToList();
            if (withAuthentic.Count > 0)
            {
                var alarmLine = alarms.Add.ScatterLine(withAuthentic.Select(point => point.Threshold).ToArray(),
                    withAuthentic.Select(point => point.FalseAlarmShare!.Value).ToArray(), color);
                alarmLine.LegendText = name;
            }
        }
        foreach (var (label, threshold) in marks ?? [])
            foreach (var plot in new[] { score, alarms })
            {
                var mark = plot.Add.VerticalLine(threshold, 1, Colors.Gray, LinePattern.Dashed);
                mark.LabelText = label;
            }
        score.ShowLegend(Alignment.UpperRight);
        alarms.ShowLegend(Alignment.UpperRight);
        score.Axes.SetLimitsX(0, 1);
        alarms.Axes.SetLimits(0, 1, 0, 1.02);
        PlotSetup.SavePanels(path, score, alarms);
    }
}
