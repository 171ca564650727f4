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
    public static Command Create(CliConsole console)
    {
        var inputs = CommonOptions.InputsArgument("Image files, folders or patterns to time (optional with --synthetic-megapixels)", ArgumentArity.ZeroOrMore);
        var analyzers = new Option<string?>("--analyzers", "--analysers") { Description = "Comma-separated analyzers (default: all)" };
        var runs = new Option<int>("--runs") { Description = "Runs per image (medians are taken over images x runs)", DefaultValueFactory = _ => 3 };
        var synthetic = new Option<double[]>("--synthetic-megapixels") { Description = "Also time generated photo-like JPEGs of these sizes, e.g. 1 4 40", AllowMultipleArgumentsPerToken = true };
        var noDetector = new Option<bool>("--no-detector") { Description = "Time the analyzers only, not the fused classical detector" };
        var model = CommonOptions.Model("Model for the learned detector (default: the shipped model)");
        var noLearned = new Option<bool>("--no-learned") { Description = "Do not time the learned detector" };
        var threads = CommonOptions.Threads();
        var keepSynthetic = new Option<DirectoryInfo?>("--keep-synthetic") { Description = "Also save the generated images here (to time other commands on them)" };
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var precision = CommonOptions.Precision();
        precision.Description = "Learned detector and --train: auto times fp32 and bf16 side by side; fp32 or bf16 times that one only";
        var train = new Option<bool>("--train") { Description = "Also time the whole training loop (synthesis + step), crops/s, per precision" };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps per precision (after 3 warm-up steps)", DefaultValueFactory = _ => 20 };
        var trainPhotos = new Option<DirectoryInfo[]>("--synth-photos") { Description = "--train: photo folders for synthesis (default: rendered documents only)", AllowMultipleArgumentsPerToken = true };
        var trainCutouts = new Option<DirectoryInfo[]>("--synth-cutouts") { Description = "--train: cutout folders for synthesis", AllowMultipleArgumentsPerToken = true };
        var command = new Command("bench", "Time decoding, each analyzer, the classical and the learned detector (fp32 and bf16) and the training loop; report medians and peak memory")
        {
            inputs, analyzers, runs, synthetic, noDetector, model, noLearned, threads, keepSynthetic, maxMegapixels, precision, train, trainSteps, trainPhotos, trainCutouts,
        };
        command.SetAction(parsed =>
        {
            var loader = CommonOptions.Loader(parsed.GetValue(maxMegapixels));
            var images = new List<(string Name, byte[] Bytes)>();
            var (items, problems) = InputImages.Expand(parsed.GetValue(inputs) ?? []);
            foreach (var problem in problems) console.Problem(problem);
            foreach (var item in items)
            {
                try { images.Add((item.Id, loader.ReadChecked(item.Path).Bytes)); }
                catch (InputFileException e) { console.Problem(e.Message); problems = [.. problems, e.Message]; }
            }
            foreach (var megapixels in parsed.GetValue(synthetic) ?? [])
            {
                var name = $"synthetic-{megapixels.ToString(CultureInfo.InvariantCulture)}MP";
                var jpeg = SyntheticImages.TexturedJpeg(megapixels);
                images.Add((name, jpeg));
                if (parsed.GetValue(keepSynthetic) is { } folder)
                    ImageWriter.WriteAtomically(Path.Combine(folder.FullName, name + ".jpg"), jpeg);
            }
            if (images.Count == 0 && !parsed.GetValue(train))
            {
                console.Problem("nothing to time: give images or --synthetic-megapixels");
                return ExitCodes.UsageError;
            }
            var selected = AnalyzerRegistry.Parse(parsed.GetValue(analyzers));
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var modelPath = parsed.GetValue(model)?.FullName ?? DefaultModel.Path();
            if (!parsed.GetValue(noLearned) && !File.Exists(modelPath))
                console.Problem($"{modelPath}: no model, the learned detector is not timed (give --model)");
            // auto = both side by side: the point of bench is to show what each precision gives on this machine
            var precisions = parsed.GetValue(precision)!.Trim().ToLowerInvariant() == PrecisionChoice.Auto
                ? new[] { ComputePrecision.Fp32, ComputePrecision.Bf16 }
                : [PrecisionChoice.Resolve(parsed.GetValue(precision))];
            var learned = parsed.GetValue(noLearned) || !File.Exists(modelPath)
                ? []
                : precisions.Select(choice => ($"learned {PrecisionChoice.Name(choice)}", (IDetector)new LearnedDetector(modelPath, new PredictorOptions(Precision: choice))))
                    // the default method, in the precision auto picks here
                    .Append(($"fused {PrecisionChoice.Name(PrecisionChoice.Resolve(PrecisionChoice.Auto))}", DetectorRegistry.Create(FusedDetector.MethodName, modelPath: modelPath,
                        predictor: new PredictorOptions(Precision: PrecisionChoice.Resolve(PrecisionChoice.Auto)))))
                    .ToList();
            Action<string> onStep = step => { if (console.Interactive) console.Error.Write($"\r{step,-70}"); };
            IReadOnlyList<BenchRow> rows;
            try
            {
                rows = images.Count == 0 ? [] : ForensicBenchmark.Run(images, selected, !parsed.GetValue(noDetector), Math.Max(1, parsed.GetValue(runs)), loader, onStep, learned);
            }
            finally
            {
                foreach (var (_, detector) in learned)
                    ((IDisposable)detector).Dispose();
            }
            var trainingSpeeds = parsed.GetValue(train)
                ? TrainingBenchmark.Run(TrainingTemplate(parsed.GetValue(trainPhotos), parsed.GetValue(trainCutouts)), precisions, Math.Max(1, parsed.GetValue(trainSteps)), onStep)
                : [];
            if (console.Interactive) console.Error.Write($"\r{"",-70}\r");

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
                    speeds.AddRow($"{PrecisionChoice.Name(speed.Precision)}, batch {speed.Batch} x {speed.Crop}², synthesis on", speed.Steps.ToString(CultureInfo.InvariantCulture),
                        F(speed.CropsPerSecond), F(speed.MedianStepCropsPerSecond));
                console.Out.Write(speeds);
            }
            using var process = Process.GetCurrentProcess();
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{images.Count} image(s), {megapixelsTotal:0.0} MP in all; peak memory (working set) {process.PeakWorkingSet64 / 1048576.0:0} MiB; {Environment.ProcessorCount} cores"));
            return problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
        });
        return command;
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
