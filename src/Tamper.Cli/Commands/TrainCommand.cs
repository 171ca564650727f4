using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;
using Tamper.Model;
using Tamper.Model.Networks;
using Tamper.Model.Precision;
using Tamper.Training;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper train</c>: trains or fine-tunes a localization model; resumable.</summary>
public static class TrainCommand
{
    /// <summary>The command's options, declared once (defaults from <see cref="TrainOptions.Defaults"/>); handlers read values through it.</summary>
    private sealed class Flags
    {
        public Option<DirectoryInfo[]> Data { get; } = new("--data") { Description = "Dataset folders (images/+masks/, train/+train_mask/, Tp/+Gt/, ...)", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> Validation { get; } = new("--val") { Description = "Validation dataset folders, scored on whole images after every epoch (empty masks = authentic images: false alarms)", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> ValidationAuthentic { get; } = new("--val-authentic") { Description = "Folders of untouched images without masks (e.g. authentic-real), scored beside --val after every epoch: false alarms", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Run folder: last.tamper, best.tamper, state.json, train.csv, curve.png", Required = true };
        public Option<FileInfo?> From { get; } = new("--from") { Description = "Start from this model's weights (fine-tuning, e.g. the shipped model on contest data)" };
        public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out exactly where it stopped (options come from its state.json)" };
        public Option<int?> Epochs { get; } = new("--epochs") { Description = $"Epochs (default {TrainOptions.Defaults.Epochs}; with --resume: extends the run)" };
        public Option<int> EpochCrops { get; } = new("--epoch-crops") { Description = "Crops per epoch (default: the number of dataset images, at least 2000)" };
        public Option<int> Crop { get; } = new("--crop") { Description = "Training crop side, px (multiple of 16)", DefaultValueFactory = _ => TrainOptions.Defaults.Crop };
        public Option<int> Batch { get; } = new("--batch") { Description = "Crops per step", DefaultValueFactory = _ => TrainOptions.Defaults.Batch };
        public Option<int> Threads { get; } = CommonOptions.Threads();
        public Option<string?> Network { get; } = new("--network") { Description = $"Network ({string.Join(", ", NetworkRegistry.Names)}; default {ResNetUNet.NetworkName}, or with --from the model's own; with --from and another network, the shared weights are copied)" };
        public Option<bool> NoPretrained { get; } = new("--no-pretrained") { Description = "Start the encoder from random weights instead of ImageNet" };
        public Option<int> Width { get; } = new("--width") { Description = "Base channel count of the layers trained from scratch", DefaultValueFactory = _ => TrainOptions.Defaults.Network.Width };
        public Option<double> Rate { get; } = new("--lr") { Description = "Peak learning rate (the pretrained encoder gets a tenth)", DefaultValueFactory = _ => TrainOptions.Defaults.LearningRate };
        public Option<int> Warmup { get; } = new("--warmup") { Description = "Warm-up steps", DefaultValueFactory = _ => TrainOptions.Defaults.WarmupSteps };
        public Option<int> Seed { get; } = new("--seed") { DefaultValueFactory = _ => TrainOptions.Defaults.Seed, Description = "Sampling, augmentation and synthesis seed" };
        public Option<double?> SynthShare { get; } = new("--synth-share") { Description = "Share of crops synthesized on the fly (default: 1 without --data, else 0 unless synthesis folders are given, then 0.5)" };
        public Option<DirectoryInfo[]> SynthPhotos { get; } = new("--synth-photos") { Description = "On-the-fly synthesis: photo folders", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> SynthCutouts { get; } = new("--synth-cutouts") { Description = "On-the-fly synthesis: RGBA cutout folders", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> SynthPages { get; } = new("--synth-pages") { Description = "On-the-fly synthesis: document page image folders", AllowMultipleArgumentsPerToken = true };
        public Option<bool> SynthDocuments { get; } = new("--synth-documents") { Description = "On-the-fly synthesis: also render documents (needs fonts)" };
        public Option<string> SynthSize { get; } = new("--synth-size") { Description = "On-the-fly synthesis: long side of the images, MIN..MAX px", DefaultValueFactory = _ => $"{TrainOptions.Defaults.Synthesis!.MinSize}..{TrainOptions.Defaults.Synthesis.MaxSize}" };
        public Option<double> SynthAuthentic { get; } = new("--synth-authentic-share") { Description = "On-the-fly synthesis: share of untouched samples", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.AuthenticShare };
        public Option<double> SynthNative { get; } = new("--synth-native-share") { Description = "On-the-fly synthesis: share of photo hosts cut at the photo's own resolution (camera noise kept)", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.NativeShare };
        public Option<DirectoryInfo[]> Authentic { get; } = new("--authentic") { Description = "Folders of untouched images (no masks), trained on with empty masks beside the --data pairs (e.g. the originals of real forgeries)", AllowMultipleArgumentsPerToken = true };
        public Option<string> Precision { get; } = CommonOptions.Precision();
        public Option<int> SampleWorkers { get; } = new("--sample-workers") { Description = "Threads that synthesize and augment crops ahead of the network", DefaultValueFactory = _ => Environment.ProcessorCount };
        public Option<int> SynthReuse { get; } = new("--synth-reuse") { Description = "On-the-fly synthesis: use each synthesized forgery this many times, each with its own crop and augmentation (1 = always fresh)", DefaultValueFactory = _ => TrainOptions.Defaults.SynthesisReuse };
        public Option<bool> FreezeNorms { get; } = new("--freeze-norms") { Description = "Keep the batch-norm statistics of --from as they are (fine-tuning: eight small crops of another data mix otherwise move them within tens of steps)" };
        public Option<double> Holdout { get; } = new("--holdout") { Description = "Share of synthesis photos and pages held out (same split as tamper synth --holdout)", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.HoldoutShare };

        public IEnumerable<Option> All => [Data, Validation, ValidationAuthentic, Output, From, Resume, Epochs, EpochCrops, Crop, Batch, Threads, Network, NoPretrained, Width, Rate, Warmup, Seed, SynthShare, SynthPhotos, SynthCutouts, SynthPages, SynthDocuments, SynthSize, SynthAuthentic, SynthNative, SynthReuse, FreezeNorms, Holdout, Precision, SampleWorkers, Authentic];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = new Command("train", "Train or fine-tune a localization model (resumable; Ctrl-C saves a checkpoint)");
        foreach (var option in flags.All)
            command.Options.Add(option);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(flags.Threads)));
        var folder = parsed.GetValue(flags.Output)!.FullName;
        var precision = PrecisionChoice.Resolve(parsed.GetValue(flags.Precision));
        int workers = Math.Max(1, parsed.GetValue(flags.SampleWorkers));
        Trainer trainer;
        if (parsed.GetValue(flags.Resume))
            trainer = Trainer.Resume(folder, parsed.GetValue(flags.Epochs), precision, workers); // speed settings may change on resume
        else
        {
            if (NewRun(console, flags, parsed, folder, precision, workers) is not { } options)
                return ExitCodes.UsageError;
            try
            {
                trainer = Trainer.Start(options);
            }
            catch (RunFolderInUseException e)
            {
                console.Problem($"{e.Folder}: the run folder holds a run already: add --resume to continue it, or choose another --out");
                return ExitCodes.UsageError;
            }
        }
        using (trainer)
            return Run(console, trainer, folder);
    }

    /// <summary>The options of a new run from the command line, or null after saying what is wrong.</summary>
    private static TrainOptions? NewRun(CliConsole console, Flags flags, ParseResult parsed, string folder, ComputePrecision computePrecision, int workers)
    {
        if (parsed.GetValue(flags.Crop) is < 64 or > 2048 || parsed.GetValue(flags.Crop) % 16 != 0)
        {
            console.Problem("--crop: a multiple of 16 in 64..2048");
            return null;
        }
        if (!SizeRange.TryParse(parsed.GetValue(flags.SynthSize)!, out var minSize, out var maxSize))
        {
            console.Problem($"--synth-size '{parsed.GetValue(flags.SynthSize)}': expected MIN..MAX or one value, 64..8192 px");
            return null;
        }
        if (parsed.GetValue(flags.SynthReuse) is < 1 or > 64)
        {
            console.Problem("--synth-reuse: 1..64 uses of each synthesized forgery");
            return null;
        }
        if (ShareOptions.Problem(("--synth-authentic-share", parsed.GetValue(flags.SynthAuthentic)), ("--synth-native-share", parsed.GetValue(flags.SynthNative))) is { } shareProblem)
        {
            console.Problem(shareProblem);
            return null;
        }
        var photos = Folders(parsed.GetValue(flags.SynthPhotos));
        var pages = Folders(parsed.GetValue(flags.SynthPages));
        bool documents = parsed.GetValue(flags.SynthDocuments);
        bool canSynthesize = photos.Count > 0 || documents;
        var dataFolders = Folders(parsed.GetValue(flags.Data));
        var authenticFolders = Folders(parsed.GetValue(flags.Authentic));
        double share = parsed.GetValue(flags.SynthShare) ?? (dataFolders.Count + authenticFolders.Count == 0 ? 1 : canSynthesize ? 0.5 : 0);
        if (share > 0 && !canSynthesize)
        {
            console.Problem("--synth-share needs synthesis sources: --synth-photos and/or --synth-documents");
            return null;
        }
        if (dataFolders.Count + authenticFolders.Count == 0 && !canSynthesize)
        {
            console.Problem("nothing to train on: give --data folders and/or synthesis sources (--synth-photos, --synth-documents)");
            return null;
        }
        return new TrainOptions(dataFolders, Folders(parsed.GetValue(flags.Validation)), folder,
            new NetworkSpec(parsed.GetValue(flags.Network) ?? ResNetUNet.NetworkName, !parsed.GetValue(flags.NoPretrained), parsed.GetValue(flags.Width)),
            parsed.GetValue(flags.From)?.FullName, parsed.GetValue(flags.Epochs) ?? TrainOptions.Defaults.Epochs, parsed.GetValue(flags.EpochCrops), parsed.GetValue(flags.Crop), parsed.GetValue(flags.Batch),
            parsed.GetValue(flags.Rate), WarmupSteps: parsed.GetValue(flags.Warmup), SynthShare: share, Seed: parsed.GetValue(flags.Seed))
        {
            Synthesis = canSynthesize ? new SynthesisSourceFolders(photos, Folders(parsed.GetValue(flags.SynthCutouts)), pages, documents, parsed.GetValue(flags.Holdout), minSize, maxSize, parsed.GetValue(flags.SynthAuthentic), parsed.GetValue(flags.SynthNative)) : null,
            Authentic = authenticFolders,
            ValidationAuthentic = Folders(parsed.GetValue(flags.ValidationAuthentic)),
            ConvertFrom = parsed.GetValue(flags.From) is not null && parsed.GetValue(flags.Network) is not null,
            Precision = computePrecision,
            SampleWorkers = workers,
            SynthesisReuse = parsed.GetValue(flags.SynthReuse),
            FreezeNormStatistics = parsed.GetValue(flags.FreezeNorms),
            CommandLine = "tamper " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        };
    }

    /// <summary>Runs to the end or to Ctrl-C / SIGTERM (a checkpoint is saved either way), printing progress and epochs.</summary>
    private static int Run(CliConsole console, Trainer trainer, string folder)
    {
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tamper: {trainer.Network.Spec.Name} ({trainer.Network.ParameterCount() / 1e6:0.00} M parameters), {trainer.DatasetImages} dataset image(s), {trainer.ValidationImages} validation image(s), {trainer.StepsPerEpoch} steps per epoch"));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, args) =>
        {
            // the first Ctrl-C stops cleanly with a checkpoint; a second one ends the process at once
            args.Cancel = !cancel.IsCancellationRequested;
            console.Error.WriteLine("tamper: stopping after this step; a checkpoint will be saved (Ctrl-C again to abort without it)");
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        var lastReport = DateTime.MinValue;
        var outcome = trainer.Run(cancel.Token,
            progress =>
            {
                if (DateTime.UtcNow - lastReport < TimeSpan.FromSeconds(console.Interactive ? 1 : 60)) return;
                lastReport = DateTime.UtcNow;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"step {progress.Step}/{progress.TotalSteps}  epoch {progress.Epoch}  loss {progress.Loss:0.0000}  {progress.CropsPerSecond:0.0} crops/s  ETA {(int)progress.Remaining.TotalHours}:{progress.Remaining:mm\\:ss}");
                if (console.Interactive) console.Error.Write("\r" + line + "   ");
                else console.Error.WriteLine(line);
            },
            record =>
            {
                var validation = record.Validation is { } result
                    ? string.Create(CultureInfo.InvariantCulture, $"  val score {result.MeanScore:0.000} ({string.Join(' ', result.GroupMeans.Select(entry => $"{entry.Key} {entry.Value:0.000}"))})  false alarms {result.FalseAlarms}/{result.Authentic}")
                    : "";
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(console.Interactive ? "\r" : "")}epoch {record.Epoch}: loss {record.Loss:0.0000} (bce {record.Bce:0.0000}, dice {record.Dice:0.0000}, image {record.ImageLoss:0.0000}), {record.CropsPerSecond:0.0} crops/s{validation}"));
            });
        Console.CancelKeyPress -= onCancel;
        console.Out.WriteLine(outcome.Completed
            ? $"finished: {outcome.BestModel ?? outcome.LastModel}"
            : $"stopped at step {outcome.State.Step}: resume with tamper train --out {folder} --resume");
        return ExitCodes.Success;
    }

    private static List<string> Folders(DirectoryInfo[]? folders) => [.. (folders ?? []).Select(folder => folder.FullName)];
}
