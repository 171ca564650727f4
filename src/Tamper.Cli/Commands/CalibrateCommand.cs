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
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Option<FileInfo?> Model { get; } = CommonOptions.Model("Model file to calibrate", required: true);
        public Option<DirectoryInfo[]> Data { get; } = new("--data") { Description = "Labeled dataset folders with authentic images among them (synthetic validation data; not the set you report on)", Required = true, AllowMultipleArgumentsPerToken = true };
        public Option<FileInfo> Output { get; } = new("--out") { Description = "Where to write the calibrated model", Required = true };
        public Option<double?> MaxFalseAlarms { get; } = new("--max-false-alarms")
            {
                Description = "Choose the best setting (on the tampered images) among those that give a non-empty mask to at most this share of the authentic images of --data (0..1), instead of the best mean over all images",
            };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<DirectoryInfo[]> Authentic { get; } = new("--authentic") { Description = "Folders of untouched images without masks (true mask empty), beside the --data pairs", AllowMultipleArgumentsPerToken = true };
        public Option<string> Precision { get; } = CommonOptions.Precision();
        public Option<string> Method { get; } = new("--method") { Description = "Whose heat map the points are chosen for: learned (the model alone) or fused (the model with the classical analyzers)", DefaultValueFactory = _ => LearnedDetector.MethodName };
        public Option<FileInfo?> Plot { get; } = new("--plot") { Description = "Also draw the chosen operating points on the score and false-alarm curves against the pixel threshold, as a PNG" };

        public Option<double[]> AreaLimits { get; } = new("--area-limits")
            {
                Description = "Also try limiting the contest mask to these shares of the image (0..1, e.g. 0.2 0.1 0.05): the mask keeps the hottest pixels up to that share",
                AllowMultipleArgumentsPerToken = true,
            };

        public Option<DirectoryInfo?> EvidenceCache { get; } = CommonOptions.EvidenceCache();
        public Option<bool> HoldoutCheck { get; } = new("--holdout-check")
            {
                Description = "Also choose the points on each half of the images (alternate files of each source) and measure them on the other half, both ways: what the points are worth on images they were not chosen on",
            };

        public IEnumerable<Symbol> All => [Model, Data, Output, MaxFalseAlarms, Threads, Precision, Authentic, Method, Plot, AreaLimits, EvidenceCache, HoldoutCheck];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("calibrate", "Choose a model's operating points (analyst: pixel and image thresholds; contest: never an empty mask) on labeled data; write the model with them", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    /// <summary>What calibration runs on, checked from the command line.</summary>
    private sealed record Inputs(List<string> Folders, List<SamplePair> Pairs, List<string> Authentic, double? Cap, string Method, IReadOnlyList<double> AreaLimits);

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        if (ReadInputs(console, flags, parsed) is not { } inputs)
            return ExitCodes.UsageError;
        var sweep = Compute(console, flags, parsed, inputs);
        var (points, contestPoints) = (sweep.Analyst, sweep.Contest);
        var heldOut = parsed.GetValue(flags.HoldoutCheck) ? sweep.HeldOut(inputs.Cap) : null;
        var ranked = ThresholdCalibration.Ranked(points, inputs.Cap);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("pixel threshold").AddColumn("image threshold")
            .AddColumn(new TableColumn("mean score (all)").RightAligned()).AddColumn(new TableColumn("mean score (tampered)").RightAligned())
            .AddColumn(new TableColumn("false alarms").RightAligned());
        foreach (var point in ranked.Take(10))
            table.AddRow(F(point.Threshold), I(point.ImageThreshold), F(point.MeanScore), F(point.TamperedMean), P(point.FalseAlarmShare));
        console.Out.Write(table);
        var contestTable = new Table().Border(TableBorder.Rounded).AddColumn("contest: pixel threshold").AddColumn("share of the map's maximum")
            .AddColumn("largest share of the image").AddColumn("grown to (share of the threshold)").AddColumn("holes filled")
            .AddColumn(new TableColumn("mean score (tampered)").RightAligned());
        foreach (var point in contestPoints.Take(5))
            contestTable.AddRow(F(point.Threshold), point.Relative > 0 ? F(point.Relative) : "-", point.MaxShare > 0 ? F(point.MaxShare) : "-", point.Grow > 0 ? F(point.Grow) : "-",
                point.FillHoles ? "yes" : "-", F(point.TamperedMean));
        console.Out.Write(contestTable);
        if (ranked.Count == 0)
        {
            var strictest = points.MinBy(point => point.FalseAlarmShare)!;
            console.Problem($"no setting keeps the false alarms at or under {P(inputs.Cap!.Value)} of the {strictest.AuthenticImages} authentic images: the fewest is {P(strictest.FalseAlarmShare)} (pixel {F(strictest.Threshold)}, image {I(strictest.ImageThreshold)}); nothing written");
            return ExitCodes.SomeInputsFailed;
        }
        var (best, contest) = (ranked[0], contestPoints[0]);
        if (parsed.GetValue(flags.Plot) is { } plotFile)
            ThresholdPlot.Save(plotFile.FullName,
            [
                ($"analyst (image threshold {I(best.ImageThreshold)})", [.. points.Where(point => point.ImageThreshold == best.ImageThreshold)
                    .OrderBy(point => point.Threshold).Select(point => new ThresholdPoint(point.Threshold, point.TamperedMean, point.FalseAlarmShare))]),
                ($"contest (never empty{ContestShape(contest)})", [.. contestPoints.Where(point => point.Relative == contest.Relative && point.MaxShare == contest.MaxShare && point.Grow == contest.Grow && point.FillHoles == contest.FillHoles)
                    .OrderBy(point => point.Threshold).Select(point => new ThresholdPoint(point.Threshold, point.TamperedMean, null))]),
            ],
            [("analyst", best.Threshold), ("contest", contest.Threshold)]);
        Write(flags, parsed, inputs, best, contest, heldOut);
        foreach (var (name, point) in new[] { (OperatingPoint.Analyst, best), (OperatingPoint.Contest, contest) })
        {
            if (point.TamperedGroupMeans is { Count: > 1 } groups)
                console.Out.WriteLine($"{name} per source (tampered mean): {string.Join(", ", groups.Select(group => $"{group.Key} {group.Value.ToString("0.000", CultureInfo.InvariantCulture)}"))}");
        }
        if (heldOut is not null)
            foreach (var line in HeldOutLines(heldOut))
                console.Out.WriteLine(line);
        console.Out.WriteLine($"analyst: pixel threshold {F(best.Threshold)}, image threshold {I(best.ImageThreshold)} (tampered mean {F(best.TamperedMean)}, false alarms {P(best.FalseAlarmShare)}); "
            + $"contest: pixel threshold {F(contest.Threshold)}{ContestShape(contest)}, never empty (tampered mean {F(contest.TamperedMean)}); written to {parsed.GetValue(flags.Output)!.FullName}");
        return ExitCodes.Success;
    }

    /// <summary>The data, the authentic images, the cap and the method; null after saying what is wrong.</summary>
    private static Inputs? ReadInputs(CliConsole console, Flags flags, ParseResult parsed)
    {
        var cap = parsed.GetValue(flags.MaxFalseAlarms);
        if (cap is < 0 or > 1 or double.NaN)
        {
            console.Problem($"--max-false-alarms must be a share between 0 and 1 (got {cap})");
            return null;
        }
        var folders = parsed.GetValue(flags.Data)!.Select(folder => folder.FullName).ToList();
        var reader = new DatasetReader();
        var pairs = folders.SelectMany(folder => reader.Open(folder).Pairs).ToList();
        if (pairs.Count == 0)
        {
            console.Problem("no image/mask pairs in the --data folders");
            return null;
        }
        var authentic = (parsed.GetValue(flags.Authentic) ?? []).SelectMany(folder => MaskFolder.Open(folder.FullName).Paths).Order(StringComparer.Ordinal).ToList();
        if (cap is not null && authentic.Count == 0 && !HasAuthentic(pairs))
        {
            console.Problem("--max-false-alarms needs authentic images (--authentic folders, or empty true masks among the --data images); there are none");
            return null;
        }
        var method = parsed.GetValue(flags.Method)!.Trim().ToLowerInvariant();
        if (!DetectorRegistry.UsesModel(method))
        {
            console.Problem($"--method '{parsed.GetValue(flags.Method)}': learned or fused (the methods that run a model)");
            return null;
        }
        if (parsed.GetValue(flags.EvidenceCache) is not null && method != FusedDetector.MethodName)
        {
            console.Problem("--evidence-cache keeps the fused method's evidence: use it with --method fused");
            return null;
        }
        var areaLimits = parsed.GetValue(flags.AreaLimits) ?? [];
        if (areaLimits.Where(limit => limit is <= 0 or > 1 or double.NaN).ToList() is [var wrong, ..])
        {
            console.Problem($"--area-limits must be shares of the image above 0 and at most 1 (got {wrong})");
            return null;
        }
        return new Inputs(folders, pairs, authentic, cap, method, [.. areaLimits.Distinct()]);
    }

    /// <summary>Every candidate point, computed in the chosen precision (the written model stays float32).</summary>
    private static CalibrationSweep Compute(CliConsole console, Flags flags, ParseResult parsed, Inputs inputs)
    {
        var modelPath = parsed.GetValue(flags.Model)!.FullName;
        var precision = PrecisionChoice.Resolve(parsed.GetValue(flags.Precision));
        var (network, _) = ModelFile.Load(modelPath);
        using (network)
        {
            NetworkPrecision.Apply(network, precision);
            using var fused = inputs.Method == FusedDetector.MethodName
                ? (FusedDetector)DetectorRegistry.Create(inputs.Method, new DetectorRequest(ModelPath: modelPath, Predictor: new PredictorOptions(Precision: precision),
                    EvidenceCache: parsed.GetValue(flags.EvidenceCache)?.FullName))
                : null;
            var sweep = BatchProgress.Run(console, "calibrating", progress => fused is null
                ? ThresholdCalibration.Sweep(new Predictor(network), inputs.Pairs, inputs.Authentic, progress, inputs.AreaLimits)
                : ThresholdCalibration.Sweep(fused, inputs.Pairs, inputs.Authentic, progress, inputs.AreaLimits));
            if (fused?.Cache is { } cache)
                console.Out.WriteLine(cache.Summary());
            return sweep;
        }
    }

    /// <summary>The held-out check in words: each half's chosen points and what they scored on the other half, then both halves together.</summary>
    private static IEnumerable<string> HeldOutLines(HoldoutCheck check)
    {
        string[] names = ["second half → first", "first half → second"];
        for (int index = 0; index < check.Folds.Count; index++)
        {
            var fold = check.Folds[index];
            yield return $"held out, points chosen on the {names[index]}: analyst pixel {F(fold.ChosenAnalyst.Threshold)}, image {I(fold.ChosenAnalyst.ImageThreshold)}"
                + $"{(fold.CapMet ? "" : " (no setting met the cap there: the fewest false alarms)")}: tampered mean {M(fold.MeasuredAnalyst.TamperedMean)}, "
                + $"false alarms {P(fold.MeasuredAnalyst.FalseAlarmShare)} of {fold.MeasuredAnalyst.AuthenticImages}; contest pixel {F(fold.ChosenContest.Threshold)}"
                + $"{ContestShape(fold.ChosenContest)}: tampered mean {M(fold.MeasuredContest.TamperedMean)}";
        }
        yield return $"held out, both halves: analyst tampered mean {M(check.AnalystTamperedMean)}, {check.Flagged} of {check.Authentic} untouched images flagged; contest tampered mean {M(check.ContestTamperedMean)}";
        if (check.ContestGroupMeans.Count > 1)
            yield return $"held out per source: analyst {Groups(check.AnalystGroupMeans)}; contest {Groups(check.ContestGroupMeans)}";
    }

    /// <summary>A contest point's shape beyond its pixel threshold, in words (empty when it has none).</summary>
    private static string ContestShape(CalibrationPoint point) =>
        (point.Relative > 0 ? $" and {F(point.Relative)} of each map's maximum" : "")
        + (point.MaxShare > 0 ? $", at most {F(point.MaxShare)} of the image" : "")
        + (point.Grow > 0 ? $", grown over connected pixels down to {F(point.Grow)} of the threshold" : "")
        + (point.FillHoles ? ", holes filled" : "");

    private static string Groups(IReadOnlyDictionary<string, double> means) => string.Join(", ", means.Select(group => $"{group.Key} {M(group.Value)}"));

    /// <summary>A mean score, to the third decimal (held-out figures are compared to that precision).</summary>
    private static string M(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Writes the model with the two chosen points (other methods' points in the file are kept) and the held-out check's figures when one ran.</summary>
    private static void Write(Flags flags, ParseResult parsed, Inputs inputs, CalibrationPoint best, CalibrationPoint contest, HoldoutCheck? heldOut)
    {
        var description = ModelFile.ReadDescription(parsed.GetValue(flags.Model)!.FullName);
        var calibration = new JsonObject
        {
            ["data"] = JsonSerializer.SerializeToNode(inputs.Folders),
            ["method"] = inputs.Method,
            ["authentic"] = JsonSerializer.SerializeToNode((parsed.GetValue(flags.Authentic) ?? []).Select(folder => folder.FullName).ToList()),
            ["images"] = inputs.Pairs.Count + inputs.Authentic.Count,
            ["contest_tampered_mean_score"] = Math.Round(contest.TamperedMean, 4),
            ["mean_score"] = Math.Round(best.MeanScore, 4),
            ["tampered_mean_score"] = Math.Round(best.TamperedMean, 4),
            ["false_alarm_share"] = Math.Round(best.FalseAlarmShare, 4),
            ["authentic_images"] = best.AuthenticImages,
            ["max_false_alarms"] = inputs.Cap,
            ["previous_thresholds"] = $"{F(description.Threshold)} / {F(description.ImageThreshold)}",
        };
        if (heldOut is not null)
            calibration["held_out"] = new JsonObject
            {
                ["split"] = "alternate files of each source; points chosen on one half, measured on the other, both ways",
                ["analyst_tampered_mean_score"] = Math.Round(heldOut.AnalystTamperedMean, 4),
                ["flagged"] = heldOut.Flagged,
                ["authentic_images"] = heldOut.Authentic,
                ["contest_tampered_mean_score"] = Math.Round(heldOut.ContestTamperedMean, 4),
                ["contest_by_source"] = JsonSerializer.SerializeToNode(heldOut.ContestGroupMeans.ToDictionary(group => group.Key, group => Math.Round(group.Value, 4))),
            };
        string on = $"tamper calibrate --method {inputs.Method} on {string.Join(", ", inputs.Folders.Concat((parsed.GetValue(flags.Authentic) ?? []).Select(folder => folder.FullName)))}";
        // the points of other methods already in the file are kept: the model alone and fused have their own
        var operatingPoints = new Dictionary<string, OperatingPoint>(description.OperatingPoints ?? new Dictionary<string, OperatingPoint>())
        {
            [OperatingPoint.Key(OperatingPoint.Analyst, inputs.Method)] = new(best.Threshold, best.ImageThreshold, NeverEmpty: false, string.Create(CultureInfo.InvariantCulture,
                $"{on}: tampered mean {best.TamperedMean:0.000}, false alarms {best.FalseAlarmShare:P0} of {best.AuthenticImages} authentic (cap {(inputs.Cap is { } c ? c.ToString("P0", CultureInfo.InvariantCulture) : "none")})")),
            [OperatingPoint.Key(OperatingPoint.Contest, inputs.Method)] = new(contest.Threshold, 0, NeverEmpty: true, string.Create(CultureInfo.InvariantCulture,
                $"{on}: tampered mean {contest.TamperedMean:0.000}, never an empty mask")) { Relative = contest.Relative, MaxShare = contest.MaxShare, Grow = contest.Grow, FillHoles = contest.FillHoles },
        };
        // the analyst point is also the file's plain thresholds, so older readers use it; the weights written are the
        // file's float32 ones, not the bf16 copy that may have predicted
        using var weights = ModelFile.Load(parsed.GetValue(flags.Model)!.FullName).Network;
        ModelFile.Save(parsed.GetValue(flags.Output)!.FullName, weights,
            inputs.Method == OperatingPoint.ModelAlone
                ? description with { Threshold = best.Threshold, ImageThreshold = best.ImageThreshold, Calibration = Merged(calibration, description.Calibration, keep: FusedDetector.MethodName), OperatingPoints = operatingPoints }
                : description with { Calibration = Merged(description.Calibration, inputs.Method, calibration), OperatingPoints = operatingPoints });
    }

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
