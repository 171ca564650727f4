using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tamper.Batch;
using Tamper.Benchmarks;
using Tamper.Detection;
using Tamper.Model;
using Tamper.Model.Networks;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;
using Tamper.Training;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper bench</c>: speed (median seconds per megapixel) and peak memory of the analyzers and the detector.</summary>
public static class BenchCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Argument<string[]> Inputs { get; } = CommonOptions.InputsArgument("Image files, folders or patterns to time (optional with --synthetic-megapixels)", ArgumentArity.ZeroOrMore);
        public Option<string?> Analyzers { get; } = new("--analyzers", "--analysers") { Description = "Comma-separated analyzers (default: all)" };
        public Option<int> Runs { get; } = new("--runs") { Description = "Runs per image (medians are taken over images x runs)", DefaultValueFactory = _ => 3 };
        public Option<double[]> Synthetic { get; } = new("--synthetic-megapixels") { Description = "Also time generated photo-like JPEGs of these sizes, e.g. 1 4 40", AllowMultipleArgumentsPerToken = true };
        public Option<bool> NoDetector { get; } = new("--no-detector") { Description = "Time the analyzers only, not the fused classical detector" };
        public Option<FileInfo?> Model { get; } = CommonOptions.Model("Model for the learned detector (default: the shipped model)");
        public Option<bool> NoLearned { get; } = new("--no-learned") { Description = "Do not time the learned detector" };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<DirectoryInfo?> KeepSynthetic { get; } = new("--keep-synthetic") { Description = "Also save the generated images here (to time other commands on them)" };
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();
        public Option<string> Precision { get; } = WithDescription(CommonOptions.Precision(),
            "Learned detector and --train: auto times fp32 and bf16 side by side; fp32 or bf16 times that one only");
        public Option<bool> Train { get; } = new("--train") { Description = "Also time the whole training loop (synthesis + step), crops/s, per precision" };
        public Option<int> TrainSteps { get; } = new("--train-steps") { Description = "Timed training steps per precision and reuse (after 3 warm-up steps; 32 cover one whole reuse cycle of --train-reuse 4)", DefaultValueFactory = _ => 32 };
        public Option<int[]> TrainReuse { get; } = new("--train-reuse") { Description = "--train: synthesis reuse values to time side by side (1 = fresh samples; see train --synth-reuse)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1, 4] };
        public Option<DirectoryInfo[]> TrainPhotos { get; } = new("--synth-photos") { Description = "--train: photo folders for synthesis (default: rendered documents only)", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> TrainCutouts { get; } = new("--synth-cutouts") { Description = "--train: cutout folders for synthesis", AllowMultipleArgumentsPerToken = true };

        private static Option<string> WithDescription(Option<string> option, string description)
        {
            option.Description = description;
            return option;
        }

        public IEnumerable<Symbol> All => [Inputs, Analyzers, Runs, Synthetic, NoDetector, Model, NoLearned, Threads, KeepSynthetic, MaxMegapixels, Precision, Train, TrainSteps, TrainReuse, TrainPhotos, TrainCutouts];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("bench", "Time decoding, each analyzer, the classical and the learned detector (fp32 and bf16) and the training loop; report medians and peak memory", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        var loader = CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels));
        var (images, problemCount) = Images(console, flags, parsed, loader);
        if (images.Count == 0 && !parsed.GetValue(flags.Train))
        {
            console.Problem("nothing to time: give images or --synthetic-megapixels");
            return ExitCodes.UsageError;
        }
        var selected = AnalyzerRegistry.Parse(parsed.GetValue(flags.Analyzers));
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        // auto = both side by side: the point of bench is to show what each precision gives on this machine
        var precisions = parsed.GetValue(flags.Precision)!.Trim().ToLowerInvariant() == PrecisionChoice.Auto
            ? new[] { ComputePrecision.Fp32, ComputePrecision.Bf16 }
            : [PrecisionChoice.Resolve(parsed.GetValue(flags.Precision))];
        var learned = LearnedDetectors(console, flags, parsed, precisions);
        Action<string> onStep = step => { if (console.Interactive) console.Error.Write($"\r{step,-70}"); };
        IReadOnlyList<BenchRow> rows;
        try
        {
            rows = images.Count == 0 ? [] : ForensicBenchmark.Run(images, selected, !parsed.GetValue(flags.NoDetector), Math.Max(1, parsed.GetValue(flags.Runs)), loader, onStep, learned);
        }
        finally
        {
            foreach (var (_, detector) in learned)
                ((IDisposable)detector).Dispose();
        }
        var trainingSpeeds = parsed.GetValue(flags.Train)
            ? TrainingBenchmark.Run(TrainingTemplate(parsed.GetValue(flags.TrainPhotos), parsed.GetValue(flags.TrainCutouts)), precisions, Math.Max(1, parsed.GetValue(flags.TrainSteps)), onStep, [.. parsed.GetValue(flags.TrainReuse)!.Select(reuse => Math.Clamp(reuse, 1, 64))])
            : [];
        if (console.Interactive) console.Error.Write($"\r{"",-70}\r");

        Report(console, images, rows, trainingSpeeds);
        return problemCount > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
    }

    /// <summary>The images to time, read within the limits (each bad input said at once), and the generated ones.</summary>
    private static (List<(string Name, byte[] Bytes)> Images, int Problems) Images(CliConsole console, Flags flags, ParseResult parsed, ImageLoader loader)
    {
        var images = new List<(string Name, byte[] Bytes)>();
        var (items, expandProblems) = InputImages.Expand(parsed.GetValue(flags.Inputs) ?? []);
        IReadOnlyList<string> problems = expandProblems;
        foreach (var problem in problems) console.Problem(problem);
        foreach (var item in items)
        {
            try { images.Add((item.Id, loader.ReadChecked(item.Path).Bytes)); }
            catch (InputFileException e) { console.Problem(e.Message); problems = [.. problems, e.Message]; }
        }
        foreach (var megapixels in parsed.GetValue(flags.Synthetic) ?? [])
        {
            var name = $"synthetic-{megapixels.ToString(CultureInfo.InvariantCulture)}MP";
            var jpeg = SyntheticImages.TexturedJpeg(megapixels);
            images.Add((name, jpeg));
            if (parsed.GetValue(flags.KeepSynthetic) is { } folder)
                ImageWriter.WriteAtomically(Path.Combine(folder.FullName, name + ".jpg"), jpeg);
        }
        return (images, problems.Count);
    }

    /// <summary>The learned detector in each precision asked for, and the default fused method; none without a model.</summary>
    private static List<(string Name, IDetector Detector)> LearnedDetectors(CliConsole console, Flags flags, ParseResult parsed, ComputePrecision[] precisions)
    {
        var modelPath = parsed.GetValue(flags.Model)?.FullName ?? DefaultModel.Path();
        if (!parsed.GetValue(flags.NoLearned) && !File.Exists(modelPath))
            console.Problem($"{modelPath}: no model, the learned detector is not timed (give --model)");
        return parsed.GetValue(flags.NoLearned) || !File.Exists(modelPath)
            ? []
            : precisions.Select(choice => ($"learned {PrecisionChoice.Name(choice)}", (IDetector)new LearnedDetector(modelPath, new PredictorOptions(Precision: choice))))
                // batch norm folded (the default) against not folded, in the precision auto picks
                .Append(($"learned {PrecisionChoice.Name(PrecisionChoice.Resolve(PrecisionChoice.Auto))}, batch norm not folded",
                    new LearnedDetector(modelPath, new PredictorOptions(Precision: PrecisionChoice.Resolve(PrecisionChoice.Auto), FoldBatchNorm: false))))
                // the default method, in the precision auto picks here
                .Append(($"fused {PrecisionChoice.Name(PrecisionChoice.Resolve(PrecisionChoice.Auto))}", DetectorRegistry.Create(FusedDetector.MethodName, modelPath: modelPath,
                    predictor: new PredictorOptions(Precision: PrecisionChoice.Resolve(PrecisionChoice.Auto)))))
                .ToList();
    }

    private static void Report(CliConsole console, List<(string Name, byte[] Bytes)> images, IReadOnlyList<BenchRow> rows, IReadOnlyList<TrainingSpeed> trainingSpeeds)
    {
        var megapixelsTotal = images.Sum(image => ImageHeaderReader.Read(new MemoryStream(image.Bytes), image.Name).Pixels / 1e6);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("step")
            .AddColumn(new TableColumn("samples").RightAligned()).AddColumn(new TableColumn("median s").RightAligned())
            .AddColumn(new TableColumn("median s/MP").RightAligned()).AddColumn(new TableColumn("MP/s").RightAligned())
            .AddColumn(new TableColumn("peak MiB").RightAligned());
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Name), row.Samples.ToString(CultureInfo.InvariantCulture), F(row.MedianSeconds), F(row.MedianSecondsPerMegapixel), F(row.MegapixelsPerSecond),
                row.PeakMebibytes is { } peak ? peak.ToString("0", CultureInfo.InvariantCulture) : "");
        if (rows.Count > 0)
            console.Out.Write(table);
        if (trainingSpeeds.Count > 0)
        {
            var speeds = new Table().Border(TableBorder.Rounded).AddColumn("training loop")
                .AddColumn(new TableColumn("steps").RightAligned()).AddColumn(new TableColumn("crops/s (mean)").RightAligned())
                .AddColumn(new TableColumn("crops/s (median step)").RightAligned());
            foreach (var speed in trainingSpeeds)
                speeds.AddRow($"{PrecisionChoice.Name(speed.Precision)}, batch {speed.Batch} x {speed.Crop}², synthesis on, {(speed.SynthesisReuse == 1 ? "fresh samples" : $"each used {speed.SynthesisReuse}x")}", speed.Steps.ToString(CultureInfo.InvariantCulture),
                    F(speed.CropsPerSecond), F(speed.MedianStepCropsPerSecond));
            console.Out.Write(speeds);
        }
        using var process = Process.GetCurrentProcess();
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{images.Count} image(s), {megapixelsTotal:0.0} MP in all; peak memory (working set) {process.PeakWorkingSet64 / 1048576.0:0} MiB; {Environment.ProcessorCount} cores"));
    }

    /// <summary>The shipped network, fresh, trained at 256² on on-the-fly synthesis (photos if given, else rendered documents).</summary>
    private static TrainOptions TrainingTemplate(DirectoryInfo[]? photos, DirectoryInfo[]? cutouts)
    {
        var photoFolders = (photos ?? []).Select(folder => folder.FullName).ToList();
        return new TrainOptions([], [], "", new NetworkSpec(ResNetUNet.NetworkName), Crop: 256, Batch: 8, SynthShare: 1)
        {
            Synthesis = new SynthesisSourceFolders(photoFolders, (cutouts ?? []).Select(folder => folder.FullName).ToList(), [], Documents: photoFolders.Count == 0),
            SampleWorkers = Environment.ProcessorCount,
        };
    }

    private static string F(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
