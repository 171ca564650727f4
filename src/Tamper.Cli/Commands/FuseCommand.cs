using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Data;
using Tamper.Detection;
using Tamper.Calibration;
using Tamper.Fusion;
using Tamper.Model.Checkpoints;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;

namespace Tamper.Cli.Commands;

/// <summary>
/// <c>tamper fuse</c>: fits how the <c>fused</c> method weighs the model's heat map against the analyzers' maps (two
/// logistic regressions, <see cref="FusionWeights"/>) on labeled images, and writes the model with the fit. The fused
/// operating points in the file were chosen for the other heat map and are left out: calibrate next.
/// </summary>
public static class FuseCommand
{
    private sealed class Flags
    {
        public Option<FileInfo?> Model { get; } = CommonOptions.Model("Model file whose fused method to fit", required: true);
        public Option<DirectoryInfo[]> Data { get; } = new("--data") { Description = "Labeled dataset folders (images and masks) to fit on: not the set you choose operating points or report on", Required = true, AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> Authentic { get; } = new("--authentic") { Description = "Folders of untouched images without masks (true mask empty), for the image score", AllowMultipleArgumentsPerToken = true };
        public Option<FileInfo> Output { get; } = new("--out") { Description = "Where to write the model with the fitted fusion", Required = true };
        public Option<int> Cells { get; } = new("--cells-per-image") { Description = "Grid cells sampled per forgery, half inside its true region and half outside", DefaultValueFactory = _ => 2000 };
        public Option<double> L2 { get; } = new("--l2") { Description = "Penalty on the squared weights", DefaultValueFactory = _ => 1e-3 };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the cell sampling", DefaultValueFactory = _ => 1 };
        public Option<string?> With { get; } = new("--with") { Description = $"Optional analyzers whose maps the fusion also weighs, comma-separated ({string.Join(", ", FusionFeatures.OptionalAnalyzers)}: the Noiseprint++ trace, slow, non-profit use only); detection with the fitted model then runs them" };
        public Option<bool> BalanceSources { get; } = new("--balance-sources") { Description = "Let every source count alike (a folder, and within it each file-name prefix up to the first '_'), so that one large source does not decide the weights" };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<string> Precision { get; } = CommonOptions.Precision();
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();
        public Option<DirectoryInfo?> EvidenceCache { get; } = CommonOptions.EvidenceCache();

        public IEnumerable<Symbol> All => [Model, Data, Authentic, Output, Cells, L2, Seed, With, BalanceSources, Threads, Precision, MaxMegapixels, EvidenceCache];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("fuse", "Fit how the fused method weighs the model's heat map against the analyzers' maps on labeled images; write the model with the fit (then calibrate --method fused)", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        if (parsed.GetValue(flags.Cells) < 2 || parsed.GetValue(flags.L2) is < 0 or double.NaN)
        {
            console.Problem("--cells-per-image must be at least 2 and --l2 at least 0");
            return ExitCodes.UsageError;
        }
        var folders = parsed.GetValue(flags.Data)!.Select(folder => folder.FullName).ToList();
        var reader = new DatasetReader();
        var datasets = folders.Select(folder => reader.Open(folder)).ToList();
        var pairs = datasets.SelectMany(dataset => dataset.Pairs).ToList();
        // what did not pair up (an unreadable image, a missing mask) is left out and said, like an image that fails later
        var skipped = datasets.SelectMany(dataset => dataset.Report.Describe().Select(line => $"{dataset.Root}: {line}")).ToList();
        var authenticFolders = (parsed.GetValue(flags.Authentic) ?? []).Select(folder => folder.FullName).ToList();
        var authentic = authenticFolders.SelectMany(folder => MaskFolder.Open(folder).Paths).Order(StringComparer.Ordinal).ToList();
        var modelPath = parsed.GetValue(flags.Model)!.FullName;
        var precision = PrecisionChoice.Resolve(parsed.GetValue(flags.Precision));
        FusionFit.Outcome outcome;
        using (var detector = (FusedDetector)DetectorRegistry.Create(FusedDetector.MethodName,
            new DetectorRequest(ModelPath: modelPath, Predictor: new PredictorOptions(Precision: precision), FusionAnalyzers: parsed.GetValue(flags.With),
                EvidenceCache: parsed.GetValue(flags.EvidenceCache)?.FullName)))
        {
            outcome = BatchProgress.Run(console, "fitting the fusion", progress => FusionFit.Run(detector, pairs, authentic, CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels)),
                parsed.GetValue(flags.Cells), parsed.GetValue(flags.Seed), parsed.GetValue(flags.L2), progress, parsed.GetValue(flags.BalanceSources)));
            if (detector.Cache is { } cache)
                console.Out.WriteLine(cache.Summary());
        }
        foreach (var problem in skipped.Concat(outcome.Problems))
            console.Problem(problem);
        if (outcome.Weights is not { } weights)
        {
            console.Problem($"nothing to fit: {outcome.Edited} forgeries with a region of at least one grid cell ({outcome.TooSmall} too small) and {outcome.Unedited} untouched images; both are needed. Nothing written");
            return ExitCodes.SomeInputsFailed;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumn("feature").AddColumn(new TableColumn("weight").RightAligned());
        foreach (var (name, weight) in weights.Pixel.Append(new("(pixel bias)", weights.PixelBias)).Concat(weights.Image).Append(new("(image bias)", weights.ImageBias)))
            table.AddRow(name, weight.ToString("0.000", CultureInfo.InvariantCulture));
        console.Out.Write(table);
        var fittedBy = string.Create(CultureInfo.InvariantCulture,
            $"tamper fuse on {string.Join(", ", folders.Concat(authenticFolders))}: {outcome.Edited} forgeries ({outcome.PixelRows} grid cells), {outcome.Unedited} untouched images, cells per image {parsed.GetValue(flags.Cells)}, l2 {parsed.GetValue(flags.L2)}, seed {parsed.GetValue(flags.Seed)}{(parsed.GetValue(flags.With) is { } with ? $", with {with}" : "")}{(parsed.GetValue(flags.BalanceSources) ? ", sources balanced" : "")}; weighted log-loss pixel {outcome.PixelLoss:0.000}, image {outcome.ImageLoss:0.000}");
        var description = ModelFile.ReadDescription(modelPath);
        // the fused points were chosen for the heat map this fit replaces
        var points = (description.OperatingPoints ?? new Dictionary<string, OperatingPoint>())
            .Where(entry => !entry.Key.StartsWith(FusedDetector.MethodName + "/", StringComparison.Ordinal)).ToDictionary();
        using (var network = ModelFile.Load(modelPath).Network)
            ModelFile.Save(parsed.GetValue(flags.Output)!.FullName, network, description with { Fusion = weights with { FittedBy = fittedBy }, OperatingPoints = points });
        if (outcome.Problems.Count + skipped.Count > 0)
            console.Problem("fitted on the other images: what is listed above was left out");
        console.Out.WriteLine($"{fittedBy}; written to {parsed.GetValue(flags.Output)!.FullName}. Its fused operating points are the model's plain thresholds until `tamper calibrate --method fused` chooses them");
        return outcome.Problems.Count + skipped.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
    }
}
