using System.Globalization;
using System.Text;
using Tamper.Imaging;

namespace Tamper.Training;

/// <summary>The run's CSV log (<c>train.csv</c>), rewritten from the history after every epoch.</summary>
public static class TrainingLog
{
    public const string FileName = "train.csv";

    public static void Write(string folder, IReadOnlyList<EpochRecord> history)
    {
        var text = new StringBuilder("epoch,step,crops,seconds,loss,bce,dice,image_loss,learning_rate,crops_per_second,skipped_steps,val_score,val_f1,val_iou,val_groups,authentic,false_alarms,false_alarm_share,val_seconds\n");
        foreach (var record in history)
        {
            var validation = record.Validation;
            var validationColumns = validation is null ? ",,,,,,," : string.Create(CultureInfo.InvariantCulture,
                $"{validation.MeanScore:0.0000},{validation.MeanF1:0.0000},{validation.MeanIou:0.0000},{Groups(validation)},{validation.Authentic},{validation.FalseAlarms},{validation.FalseAlarmShare:0.000},{validation.Seconds:0.0}");
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{record.Epoch},{record.Step},{record.Crops},{record.Seconds:0.0},{record.Loss:0.00000},{record.Bce:0.00000},{record.Dice:0.00000},{record.ImageLoss:0.00000},{record.LearningRate:0.000000},{record.CropsPerSecond:0.00},{record.SkippedSteps},"));
            text.AppendLine(validationColumns);
        }
        ImageWriter.WriteAtomically(Path.Combine(folder, FileName), Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string Groups(ValidationResult validation) =>
        string.Join(' ', validation.GroupMeans.Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key}={entry.Value:0.000}")));
}
