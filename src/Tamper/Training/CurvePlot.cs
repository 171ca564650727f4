using ScottPlot;
using Tamper.Plots;

namespace Tamper.Training;

/// <summary>
/// <c>curve.png</c>: training loss per epoch (left) and the validation contest score and false-alarm share per epoch
/// (right), drawn with ScottPlot.
/// </summary>
public static class CurvePlot
{
    public const string FileName = "curve.png";

    public static void Write(string folder, IReadOnlyList<EpochRecord> history)
    {
        var loss = PlotSetup.New("training loss", "epoch", "loss (BCE + Dice + image)");
        if (history.Count > 0)
            loss.Add.Scatter(history.Select(record => (double)record.Epoch).ToArray(), history.Select(record => record.Loss).ToArray(), PlotSetup.Color(0));

        var validation = PlotSetup.New("validation", "epoch", "mean contest score (0..2), false-alarm share");
        var validated = history.Where(record => record.Validation is not null).ToList();
        if (validated.Count > 0)
        {
            double[] at = [.. validated.Select(record => (double)record.Epoch)];
            validation.Add.Scatter(at, validated.Select(record => record.Validation!.MeanScore).ToArray(), PlotSetup.Color(2)).LegendText = "mean score";
            validation.Add.Scatter(at, validated.Select(record => record.Validation!.FalseAlarmShare).ToArray(), PlotSetup.Color(3)).LegendText = "false alarms";
            validation.ShowLegend(Alignment.UpperLeft);
        }
        PlotSetup.SavePanels(Path.Combine(folder, FileName), loss, validation);
    }
}
