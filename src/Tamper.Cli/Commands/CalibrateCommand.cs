using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tamper.Calibration;
using Tamper.Cli.Output;
using Tamper.Data;
using Tamper.Detection;
using Tamper.Imaging;
using Tamper.Model.Checkpoints;
using Tamper.Metrics;
using Tamper.Model.Precision;
using Tamper.Plots;
using Tamper.Model.Prediction;
using Tamper.Training;

namespace Tamper.Cli.Commands;

/// <summary>
/// <c>tamper calibrate</c>: chooses a model's two operating points on labeled data and writes the model with them:
/// <c>analyst</c> (pixel and image thresholds; with <c>--max-false-alarms</c> the best on the tampered images among
/// the settings that flag at most that share of the authentic ones) and <c>contest</c> (the pixel threshold that scores
/// best on the tampered images when no mask may be empty).
/// </summary>
public static class CalibrateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model("Model file to calibrate", required: true);
        var data = new Option<DirectoryInfo[]>("--data") { Description = "Labeled dataset folders with authentic images among them (synthetic validation data; not the set you report on)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the calibrated model", Required = true };
        var maxFalseAlarms = new Option<double?>("--max-false-alarms")
        {
            Description = "Choose the best setting (on the tampered images) among those that give a non-empty mask to at most this share of the authentic images of --data (0..1), instead of the best mean over all images",
        };
        var threads = CommonOptions.Threads();
        var authentic = new Option<DirectoryInfo[]>("--authentic") { Description = "Folders of untouched images without masks (true mask empty), beside the --data pairs", AllowMultipleArgumentsPerToken = true };
        var precision = CommonOptions.Precision();
        var method = new Option<string>("--method") { Description = "Whose heat map the points are chosen for: learned (the model alone) or fused (the model with the classical analyzers)", DefaultValueFactory = _ => LearnedDetector.MethodName };
        var plot = new Option<FileInfo?>("--plot") { Description = "Also draw the chosen operating points on the score and false-alarm curves against the pixel threshold, as a PNG" };
        var command = new Command("calibrate", "Choose a model's operating points (analyst: pixel and image thresholds; contest: never an empty mask) on labeled data; write the model with them")
        {
            model, data, output, maxFalseAlarms, threads, precision, authentic, method, plot,
        };
        command.SetAction(parsed =>
        {
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var cap = parsed.GetValue(maxFalseAlarms);
            if (cap is < 0 or > 1 or double.NaN)
            {
                console.Problem($"--max-false-alarms must be a share between 0 and 1 (got {cap})");
                return ExitCodes.UsageError;
            }
            var folders = parsed.GetValue(data)!.Select(folder => folder.FullName).ToList();
            var reader = new DatasetReader();
            var pairs = folders.SelectMany(folder => reader.Open(folder).Pairs).ToList();
            if (pairs.Count == 0)
            {
                console.Problem("no image/mask pairs in the --data folders");
                return ExitCodes.UsageError;
            }
            var authenticImages = (parsed.GetValue(authentic) ?? []).SelectMany(folder => MaskFolder.Open(folder.FullName).Paths).Order(StringComparer.Ordinal).ToList();
            if (cap is not null && authenticImages.Count == 0 && !HasAuthentic(pairs))
            {
                console.Problem("--max-false-alarms needs authentic images (--authentic folders, or empty true masks among the --data images); there are none");
                return ExitCodes.UsageError;
            }
            var methodName = parsed.GetValue(method)!.Trim().ToLowerInvariant();
            if (!DetectorRegistry.UsesModel(methodName))
            {
                console.Problem($"--method '{parsed.GetValue(method)}': learned or fused (the methods that run a model)");
                return ExitCodes.UsageError;
            }
            var (network, description) = ModelFile.Load(parsed.GetValue(model)!.FullName);
            using (network)
            {
                // thresholds are chosen on what the chosen precision computes; the written model stays float32
                NetworkPrecision.Apply(network, PrecisionChoice.Resolve(parsed.GetValue(precision)));
                var computePrecision = PrecisionChoice.Resolve(parsed.GetValue(precision));
                using var fused = methodName == FusedDetector.MethodName
                    ? (FusedDetector)DetectorRegistry.Create(methodName, modelPath: parsed.GetValue(model)!.FullName, predictor: new PredictorOptions(Precision: computePrecision))
                    : null;
                var (points, contestPoints) = BatchProgress.Run(console, "calibrating", progress => fused is null
                    ? ThresholdCalibration.RunBoth(new Predictor(network), pairs, authenticImages, progress)
                    : ThresholdCalibration.RunBoth(fused, pairs, authenticImages, progress));
                var ranked = ThresholdCalibration.Ranked(points, cap);
                var table = new Table().Border(TableBorder.Rounded).AddColumn("pixel threshold").AddColumn("image threshold")
                    .AddColumn(new TableColumn("mean score (all)").RightAligned()).AddColumn(new TableColumn("mean score (tampered)").RightAligned())
                    .AddColumn(new TableColumn("false alarms").RightAligned());
                foreach (var point in ranked.Take(10))
                    table.AddRow(F(point.Threshold), I(point.ImageThreshold), F(point.MeanScore), F(point.TamperedMean), P(point.FalseAlarmShare));
                console.Out.Write(table);
                if (ranked.Count == 0)
                {
                    var strictest = points.MinBy(point => point.FalseAlarmShare)!;
                    console.Problem($"no setting keeps the false alarms at or under {P(cap!.Value)} of the {strictest.AuthenticImages} authentic images: the fewest is {P(strictest.FalseAlarmShare)} (pixel {F(strictest.Threshold)}, image {I(strictest.ImageThreshold)}); nothing written");
                    return ExitCodes.SomeInputsFailed;
                }
                var best = ranked[0];
                var contest = contestPoints[0];
                if (parsed.GetValue(plot) is { } plotFile)
                    ThresholdPlot.Save(plotFile.FullName,
                    [
                        ($"analyst (image threshold {I(best.ImageThreshold)})", [.. points.Where(point => point.ImageThreshold == best.ImageThreshold)
                            .OrderBy(point => point.Threshold).Select(point => new ThresholdPoint(point.Threshold, point.TamperedMean, point.FalseAlarmShare))]),
                        ("contest (never empty)", [.. contestPoints.OrderBy(point => point.Threshold).Select(point => new ThresholdPoint(point.Threshold, point.TamperedMean, null))]),
                    ],
                    [("analyst", best.Threshold), ("contest", contest.Threshold)]);
                var calibration = new JsonObject
                {
                    ["data"] = JsonSerializer.SerializeToNode(folders),
                    ["method"] = methodName,
                    ["authentic"] = JsonSerializer.SerializeToNode((parsed.GetValue(authentic) ?? []).Select(folder => folder.FullName).ToList()),
                    ["images"] = pairs.Count + authenticImages.Count,
                    ["contest_tampered_mean_score"] = Math.Round(contest.TamperedMean, 4),
                    ["mean_score"] = Math.Round(best.MeanScore, 4),
                    ["tampered_mean_score"] = Math.Round(best.TamperedMean, 4),
                    ["false_alarm_share"] = Math.Round(best.FalseAlarmShare, 4),
                    ["authentic_images"] = best.AuthenticImages,
                    ["max_false_alarms"] = cap,
                    ["previous_thresholds"] = $"{F(description.Threshold)} / {F(description.ImageThreshold)}",
                };
                string on = $"tamper calibrate --method {methodName} on {string.Join(", ", folders.Concat((parsed.GetValue(authentic) ?? []).Select(folder => folder.FullName)))}";
                // the points of other methods already in the file are kept: the model alone and fused have their own
                var operatingPoints = new Dictionary<string, OperatingPoint>(description.OperatingPoints ?? new Dictionary<string, OperatingPoint>())
                {
                    [OperatingPoint.Key(OperatingPoint.Analyst, methodName)] = new(best.Threshold, best.ImageThreshold, NeverEmpty: false, string.Create(CultureInfo.InvariantCulture,
                        $"{on}: tampered mean {best.TamperedMean:0.000}, false alarms {best.FalseAlarmShare:P0} of {best.AuthenticImages} authentic (cap {(cap is { } c ? c.ToString("P0", CultureInfo.InvariantCulture) : "none")})")),
                    [OperatingPoint.Key(OperatingPoint.Contest, methodName)] = new(contest.Threshold, 0, NeverEmpty: true, string.Create(CultureInfo.InvariantCulture,
                        $"{on}: tampered mean {contest.TamperedMean:0.000}, never an empty mask")),
                };
                // the analyst point is also the file's plain thresholds, so older readers use it; the weights written are the
                // file's float32 ones, not the bf16 copy that may have predicted
                using var weights = ModelFile.Load(parsed.GetValue(model)!.FullName).Network;
                ModelFile.Save(parsed.GetValue(output)!.FullName, weights,
                    methodName == OperatingPoint.ModelAlone
                        ? description with { Threshold = best.Threshold, ImageThreshold = best.ImageThreshold, Calibration = Merged(calibration, description.Calibration, keep: FusedDetector.MethodName), OperatingPoints = operatingPoints }
                        : description with { Calibration = Merged(description.Calibration, methodName, calibration), OperatingPoints = operatingPoints });
                foreach (var (name, point) in new[] { (OperatingPoint.Analyst, best), (OperatingPoint.Contest, contest) })
                {
                    if (point.TamperedGroupMeans is { Count: > 1 } groups)
                        console.Out.WriteLine($"{name} per source (tampered mean): {string.Join(", ", groups.Select(group => $"{group.Key} {group.Value.ToString("0.000", CultureInfo.InvariantCulture)}"))}");
                }
                console.Out.WriteLine($"analyst: pixel threshold {F(best.Threshold)}, image threshold {I(best.ImageThreshold)} (tampered mean {F(best.TamperedMean)}, false alarms {P(best.FalseAlarmShare)}); "
                    + $"contest: pixel threshold {F(contest.Threshold)}, never empty (tampered mean {F(contest.TamperedMean)}); written to {parsed.GetValue(output)!.FullName}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The model alone's calibration at the top level, keeping another method's record found in the old one.</summary>
    private static JsonObject Merged(JsonObject calibration, JsonObject? previous, string keep)
    {
        if (previous?[keep] is { } kept)
            calibration[keep] = kept.DeepClone();
        return calibration;
    }

    /// <summary>Another method's calibration under its name, beside what the file had.</summary>
    private static JsonObject Merged(JsonObject? previous, string method, JsonObject calibration)
    {
        var merged = previous?.DeepClone().AsObject() ?? new JsonObject();
        merged[method] = calibration;
        return merged;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Image thresholds go up to 0.995: shown with their third decimal.</summary>
    private static string I(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>Whether any pair has an empty true mask (checked before the long prediction pass).</summary>
    private static bool HasAuthentic(IEnumerable<SamplePair> pairs)
    {
        var masks = new MaskReader(new ImageLoader());
        return pairs.Any(pair =>
        {
            using var mask = masks.Read(pair.MaskPath);
            return OpenCvSharp.Cv2.CountNonZero(mask.Binary) == 0;
        });
    }

    private static string P(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}
