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
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Argument<string[]> Inputs { get; } = CommonOptions.InputsArgument("Image files, folders or patterns (quote patterns: 'dir/*.jpg')", ArgumentArity.OneOrMore);
        public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Folder for the masks, <id>.png (0/255)", Required = true };
        public Option<string> Method { get; } = new("--method")
            {
                Description = $"Detection method ({string.Join(", ", DetectorRegistry.Methods)})",
                DefaultValueFactory = _ => DetectorRegistry.DefaultMethod,
            };
        public Option<FileInfo?> Model { get; } = CommonOptions.Model("Learned and fused methods: model file (default: the shipped models/default.tamper, or $TAMPER_MODEL)");
        public Option<string?> Analyzers { get; } = new("--analyzers", "--analysers") { Description = "Classical method: comma-separated analyzers to fuse (default: all)" };
        public Option<DirectoryInfo?> Heatmaps { get; } = new("--heatmaps") { Description = "Also write gray heat maps (0..255) here, <id>.png" };
        public Option<DirectoryInfo?> Overlays { get; } = new("--overlays") { Description = "Also write the image with the heat map blended in color here" };
        public Option<FileInfo?> Json { get; } = new("--json") { Description = "Write a JSON summary: per image tampered share, image score, time; failures" };
        public Option<double?> Threshold { get; } = new("--threshold") { Description = "Heat-map level (0..1) above which a pixel is marked (default: the model's, 0.5 for classical)" };
        public Option<double?> ImageThreshold { get; } = new("--image-threshold") { Description = "Learned method: image-level score (0..1) under which the image is judged unedited and its mask left empty (default: the model's; 0 never empties a mask)" };
        public Option<bool> Contest { get; } = new("--contest")
            {
                Description = "Learned method: the model's contest operating point: every image is taken to be edited (as in the contest's test set), so no mask is empty; "
                    + "when nothing passes the threshold the most likely region is marked (default: the analyst point, which leaves untouched-looking images empty)",
            };
        public Option<bool> Tta { get; } = new("--tta") { Description = "Learned method: also predict flipped copies and average (3x slower)" };
        public Option<int> Tile { get; } = new("--tile") { Description = "Learned method: tile side for large images, px", DefaultValueFactory = _ => 1024 };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Recompute images whose outputs exist, also with other settings than the folder was made with (default: skip them, so a stopped batch resumes; other settings are refused)" };
        public Option<string?> Shard { get; } = new("--shard")
            {
                Description = "Process part K of N (1-based, e.g. 2/8) of the inputs, split by image id: N runs, on as many machines over shared storage, write exactly what one run writes (docs/cluster.md)",
                Validators =
                {
                    result =>
                    {
                        try
                        {
                            Tamper.Batch.Shard.Parse(result.GetValueOrDefault<string?>() ?? "1/1");
                        }
                        catch (FormatException e)
                        {
                            result.AddError($"--shard: {e.Message}");
                        }
                    },
                },
            };
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();
        public Option<string> Precision { get; } = CommonOptions.Precision();

        public IEnumerable<Symbol> All => [Inputs, Output, Method, Model, Analyzers, Heatmaps, Overlays, Json, Threshold, ImageThreshold, Tta, Tile, Threads, Overwrite, MaxMegapixels, Precision, Contest, Shard];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("detect", "Find edited regions: writes a mask per image (and heat maps, overlays, a JSON summary)", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        if (UsageProblem(flags, parsed) is { } problem)
        {
            console.Problem(problem);
            return ExitCodes.UsageError;
        }
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        var predictor = new PredictorOptions(parsed.GetValue(flags.Tile), Math.Min(128, parsed.GetValue(flags.Tile) / 4), parsed.GetValue(flags.Tta),
            PrecisionChoice.Resolve(parsed.GetValue(flags.Precision)));
        var detector = DetectorRegistry.Create(parsed.GetValue(flags.Method)!, parsed.GetValue(flags.Analyzers), parsed.GetValue(flags.Threshold), parsed.GetValue(flags.Model)?.FullName, predictor, parsed.GetValue(flags.ImageThreshold),
            parsed.GetValue(flags.Contest) ? OperatingPoint.Contest : OperatingPoint.Analyst);
        try
        {
            if (CommonOptions.Inputs(console, parsed.GetValue(flags.Inputs)!) is not { } batch)
                return ExitCodes.UsageError;
            return RunBatch(console, flags, parsed, detector, Shard.Parse(parsed.GetValue(flags.Shard) ?? "1/1").Select(batch.Items), batch.Problems);
        }
        finally
        {
            (detector as IDisposable)?.Dispose();
        }
    }

    /// <summary>What is wrong with the values given, checked before anything is loaded; null when nothing is.</summary>
    private static string? UsageProblem(Flags flags, ParseResult parsed)
    {
        bool usesModel = DetectorRegistry.UsesModel(parsed.GetValue(flags.Method)!);
        if (parsed.GetValue(flags.Threshold) is { } level && level is <= 0 or >= 1)
            return "--threshold: a value between 0 and 1";
        if (parsed.GetValue(flags.Contest) && !usesModel)
            return "--contest: an operating point of a model (learned or fused method)";
        if (parsed.GetValue(flags.ImageThreshold) is { } imageLevel && (imageLevel is < 0 or >= 1 || !usesModel))
            return "--image-threshold: a value from 0 to under 1, for a method that runs a model (learned, fused)";
        if (parsed.GetValue(flags.Tile) is < 128 or > 8192)
            return "--tile: 128..8192 px";
        return null;
    }

    /// <summary>Checks the output locations and the folder's settings, runs the batch, writes the JSON summary.</summary>
    private static int RunBatch(CliConsole console, Flags flags, ParseResult parsed, IDetector detector, IReadOnlyList<BatchItem> items, IReadOnlyList<string> problems)
    {
        var outputs = new DetectionOutputs(parsed.GetValue(flags.Output)!.FullName, parsed.GetValue(flags.Heatmaps)?.FullName,
            parsed.GetValue(flags.Overlays)?.FullName, parsed.GetValue(flags.Overwrite));
        // every output location is checked, and the folder's settings compared, before any work
        var folder = DetectionFolder.Open(outputs, DetectionSettings.Of(detector, parsed.GetValue(flags.Analyzers), parsed.GetValue(flags.Tta)), parsed.GetValue(flags.Overwrite));
        if (parsed.GetValue(flags.Json) is { } jsonTarget)
            OutputLocations.PrepareFile(jsonTarget.FullName);
        var loader = CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels));
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
        if (parsed.GetValue(flags.Json) is { } jsonFile)
            DetectionReport.Of(detector, folder.Records(), summary).Save(jsonFile.FullName);
        return BatchReport.Finish(console, summary, "image(s)", outputs.MaskFolder);
    }
}
