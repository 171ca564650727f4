using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tamper.Batch;
using Tamper.Cli.Output;
using Tamper.Detection;
using Tamper.Imaging;
using Tamper.Model.Checkpoints;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper detect</c>: a mask (and optionally a heat map, an overlay and a JSON summary) per image.</summary>
public static class DetectCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = CommonOptions.InputsArgument("Image files, folders or patterns (quote patterns: 'dir/*.jpg')", ArgumentArity.OneOrMore);
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the masks, <id>.png (0/255)", Required = true };
        var method = new Option<string>("--method")
        {
            Description = $"Detection method ({string.Join(", ", DetectorRegistry.Methods)})",
            DefaultValueFactory = _ => DetectorRegistry.DefaultMethod,
        };
        var model = CommonOptions.Model("Learned and fused methods: model file (default: the shipped models/default.tamper, or $TAMPER_MODEL)");
        var analyzers = new Option<string?>("--analyzers", "--analysers") { Description = "Classical method: comma-separated analyzers to fuse (default: all)" };
        var heatmaps = new Option<DirectoryInfo?>("--heatmaps") { Description = "Also write gray heat maps (0..255) here, <id>.png" };
        var overlays = new Option<DirectoryInfo?>("--overlays") { Description = "Also write the image with the heat map blended in color here" };
        var json = new Option<FileInfo?>("--json") { Description = "Write a JSON summary: per image tampered share, image score, time; failures" };
        var threshold = new Option<double?>("--threshold") { Description = "Heat-map level (0..1) above which a pixel is marked (default: the model's, 0.5 for classical)" };
        var imageThreshold = new Option<double?>("--image-threshold") { Description = "Learned method: image-level score (0..1) under which the image is judged unedited and its mask left empty (default: the model's; 0 never empties a mask)" };
        var contest = new Option<bool>("--contest")
        {
            Description = "Learned method: the model's contest operating point: every image is taken to be edited (as in the contest's test set), so no mask is empty; "
                + "when nothing passes the threshold the most likely region is marked (default: the analyst point, which leaves untouched-looking images empty)",
        };
        var tta = new Option<bool>("--tta") { Description = "Learned method: also predict flipped copies and average (3x slower)" };
        var tile = new Option<int>("--tile") { Description = "Learned method: tile side for large images, px", DefaultValueFactory = _ => 1024 };
        var threads = CommonOptions.Threads();
        var overwrite = new Option<bool>("--overwrite") { Description = "Recompute images whose outputs exist, also with other settings than the folder was made with (default: skip them, so a stopped batch resumes; other settings are refused)" };
        var shard = new Option<string?>("--shard")
        {
            Description = "Process part K of N (1-based, e.g. 2/8) of the inputs, split by image id: N runs, on as many machines over shared storage, write exactly what one run writes (docs/cluster.md)",
            Validators =
            {
                result =>
                {
                    try
                    {
                        Shard.Parse(result.GetValueOrDefault<string?>() ?? "1/1");
                    }
                    catch (FormatException e)
                    {
                        result.AddError($"--shard: {e.Message}");
                    }
                },
            },
        };
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var precision = CommonOptions.Precision();

        var command = new Command("detect", "Find edited regions: writes a mask per image (and heat maps, overlays, a JSON summary)")
        {
            inputs, output, method, model, analyzers, heatmaps, overlays, json, threshold, imageThreshold, tta, tile, threads, overwrite, maxMegapixels, precision, contest, shard,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(threshold) is { } level && level is <= 0 or >= 1)
            {
                console.Problem("--threshold: a value between 0 and 1");
                return ExitCodes.UsageError;
            }
            if (parsed.GetValue(contest) && !DetectorRegistry.UsesModel(parsed.GetValue(method)!))
            {
                console.Problem("--contest: an operating point of a model (learned or fused method)");
                return ExitCodes.UsageError;
            }
            if (parsed.GetValue(imageThreshold) is { } imageLevel && (imageLevel is < 0 or >= 1 || !DetectorRegistry.UsesModel(parsed.GetValue(method)!)))
            {
                console.Problem("--image-threshold: a value from 0 to under 1, for a method that runs a model (learned, fused)");
                return ExitCodes.UsageError;
            }
            if (parsed.GetValue(tile) is < 128 or > 8192)
            {
                console.Problem("--tile: 128..8192 px");
                return ExitCodes.UsageError;
            }
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var predictor = new PredictorOptions(parsed.GetValue(tile), Math.Min(128, parsed.GetValue(tile) / 4), parsed.GetValue(tta),
                PrecisionChoice.Resolve(parsed.GetValue(precision)));
            var detector = DetectorRegistry.Create(parsed.GetValue(method)!, parsed.GetValue(analyzers), parsed.GetValue(threshold), parsed.GetValue(model)?.FullName, predictor, parsed.GetValue(imageThreshold),
                parsed.GetValue(contest) ? OperatingPoint.Contest : OperatingPoint.Analyst);
            try
            {
                if (CommonOptions.Inputs(console, parsed.GetValue(inputs)!) is not { } batch)
                    return ExitCodes.UsageError;
                var (allItems, problems) = batch;
                var items = Shard.Parse(parsed.GetValue(shard) ?? "1/1").Select(allItems);
                var outputs = new DetectionOutputs(parsed.GetValue(output)!.FullName, parsed.GetValue(heatmaps)?.FullName,
                    parsed.GetValue(overlays)?.FullName, parsed.GetValue(overwrite));
                // every output location is checked, and the folder's settings compared, before any work
                var folder = DetectionFolder.Open(outputs, DetectionSettings.Of(detector, parsed.GetValue(analyzers), parsed.GetValue(tta)), parsed.GetValue(overwrite));
                if (parsed.GetValue(json) is { } jsonTarget)
                    OutputLocations.PrepareFile(jsonTarget.FullName);
                var loader = CommonOptions.Loader(parsed.GetValue(maxMegapixels));
                var summary = BatchProgress.Run(console, "detecting", progress =>
                    DetectionBatch.Run(detector, items, outputs, loader, problems, (item, result, notices) =>
                    {
                        foreach (var notice in notices)
                            console.Problem($"{item.Path}: {notice}");
                        folder.Append(new DetectionRecord(item.Id, item.Path, outputs.MaskPath(item.Id), Math.Round(result.TamperedShare, 6),
                            Math.Round(result.ImageScore, 4), Math.Round(result.SecondsPerStep.Values.Sum(), 3), notices.Count > 0 ? notices : null));
                        if (!console.Interactive)
                            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                                $"{item.Id}: {result.TamperedShare:P2} marked, image score {result.ImageScore:0.00}"));
                    }, progress, console.Problem));
                // the whole folder, resumed and sharded runs included
                if (parsed.GetValue(json) is { } jsonFile)
                    DetectionReport.Of(detector, folder.Records(), summary).Save(jsonFile.FullName);
                return BatchReport.Finish(console, summary, "image(s)", outputs.MaskFolder);
            }
            finally
            {
                (detector as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
