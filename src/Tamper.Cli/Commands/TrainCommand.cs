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
    public static Command Create(CliConsole console)
    {
        var data = new Option<DirectoryInfo[]>("--data") { Description = "Dataset folders (images/+masks/, train/+train_mask/, Tp/+Gt/, ...)", AllowMultipleArgumentsPerToken = true };
        var validation = new Option<DirectoryInfo[]>("--val") { Description = "Validation dataset folders, scored on whole images after every epoch (empty masks = authentic images: false alarms)", AllowMultipleArgumentsPerToken = true };
        var validationAuthentic = new Option<DirectoryInfo[]>("--val-authentic") { Description = "Folders of untouched images without masks (e.g. authentic-real), scored beside --val after every epoch: false alarms", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: last.tamper, best.tamper, state.json, train.csv, curve.png", Required = true };
        var from = new Option<FileInfo?>("--from") { Description = "Start from this model's weights (fine-tuning, e.g. the shipped model on contest data)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out exactly where it stopped (options come from its state.json)" };
        var epochs = new Option<int?>("--epochs") { Description = $"Epochs (default {TrainOptions.Defaults.Epochs}; with --resume: extends the run)" };
        var epochCrops = new Option<int>("--epoch-crops") { Description = "Crops per epoch (default: the number of dataset images, at least 2000)" };
        var crop = new Option<int>("--crop") { Description = "Training crop side, px (multiple of 16)", DefaultValueFactory = _ => TrainOptions.Defaults.Crop };
        var batch = new Option<int>("--batch") { Description = "Crops per step", DefaultValueFactory = _ => TrainOptions.Defaults.Batch };
        var threads = CommonOptions.Threads();
        var network = new Option<string?>("--network") { Description = $"Network ({string.Join(", ", NetworkRegistry.Names)}; default {ResNetUNet.NetworkName}, or with --from the model's own; with --from and another network, the shared weights are copied)" };
        var noPretrained = new Option<bool>("--no-pretrained") { Description = "Start the encoder from random weights instead of ImageNet" };
        var width = new Option<int>("--width") { Description = "Base channel count of the layers trained from scratch", DefaultValueFactory = _ => TrainOptions.Defaults.Network.Width };
        var rate = new Option<double>("--lr") { Description = "Peak learning rate (the pretrained encoder gets a tenth)", DefaultValueFactory = _ => TrainOptions.Defaults.LearningRate };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps", DefaultValueFactory = _ => TrainOptions.Defaults.WarmupSteps };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => TrainOptions.Defaults.Seed, Description = "Sampling, augmentation and synthesis seed" };
        var synthShare = new Option<double?>("--synth-share") { Description = "Share of crops synthesized on the fly (default: 1 without --data, else 0 unless synthesis folders are given, then 0.5)" };
        var synthPhotos = new Option<DirectoryInfo[]>("--synth-photos") { Description = "On-the-fly synthesis: photo folders", AllowMultipleArgumentsPerToken = true };
        var synthCutouts = new Option<DirectoryInfo[]>("--synth-cutouts") { Description = "On-the-fly synthesis: RGBA cutout folders", AllowMultipleArgumentsPerToken = true };
        var synthPages = new Option<DirectoryInfo[]>("--synth-pages") { Description = "On-the-fly synthesis: document page image folders", AllowMultipleArgumentsPerToken = true };
        var synthDocuments = new Option<bool>("--synth-documents") { Description = "On-the-fly synthesis: also render documents (needs fonts)" };
        var synthSize = new Option<string>("--synth-size") { Description = "On-the-fly synthesis: long side of the images, MIN..MAX px", DefaultValueFactory = _ => $"{TrainOptions.Defaults.Synthesis!.MinSize}..{TrainOptions.Defaults.Synthesis.MaxSize}" };
        var synthAuthentic = new Option<double>("--synth-authentic-share") { Description = "On-the-fly synthesis: share of untouched samples", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.AuthenticShare };
        var synthNative = new Option<double>("--synth-native-share") { Description = "On-the-fly synthesis: share of photo hosts cut at the photo's own resolution (camera noise kept)", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.NativeShare };
        var authentic = new Option<DirectoryInfo[]>("--authentic") { Description = "Folders of untouched images (no masks), trained on with empty masks beside the --data pairs (e.g. the originals of real forgeries)", AllowMultipleArgumentsPerToken = true };
        var precision = CommonOptions.Precision();
        var sampleWorkers = new Option<int>("--sample-workers") { Description = "Threads that synthesize and augment crops ahead of the network", DefaultValueFactory = _ => Environment.ProcessorCount };
        var holdout = new Option<double>("--holdout") { Description = "Share of synthesis photos and pages held out (same split as tamper synth --holdout)", DefaultValueFactory = _ => TrainOptions.Defaults.Synthesis!.HoldoutShare };

        var command = new Command("train", "Train or fine-tune a localization model (resumable; Ctrl-C saves a checkpoint)")
        {
            data, validation, validationAuthentic, output, from, resume, epochs, epochCrops, crop, batch, threads, network, noPretrained, width, rate, warmup, seed,
            synthShare, synthPhotos, synthCutouts, synthPages, synthDocuments, synthSize, synthAuthentic, synthNative, holdout, precision, sampleWorkers, authentic,
        };
        command.SetAction(parsed =>
        {
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var folder = parsed.GetValue(output)!.FullName;
            var computePrecision = PrecisionChoice.Resolve(parsed.GetValue(precision));
            int workers = Math.Max(1, parsed.GetValue(sampleWorkers));
            Trainer trainer;
            if (parsed.GetValue(resume))
                trainer = Trainer.Resume(folder, parsed.GetValue(epochs), computePrecision, workers); // speed settings may change on resume
            else
            {
                if (parsed.GetValue(crop) is < 64 or > 2048 || parsed.GetValue(crop) % 16 != 0)
                {
                    console.Problem("--crop: a multiple of 16 in 64..2048");
                    return ExitCodes.UsageError;
                }
                if (!SizeRange.TryParse(parsed.GetValue(synthSize)!, out var minSize, out var maxSize))
                {
                    console.Problem($"--synth-size '{parsed.GetValue(synthSize)}': expected MIN..MAX or one value, 64..8192 px");
                    return ExitCodes.UsageError;
                }
                if (ShareOptions.Problem(("--synth-authentic-share", parsed.GetValue(synthAuthentic)), ("--synth-native-share", parsed.GetValue(synthNative))) is { } shareProblem)
                {
                    console.Problem(shareProblem);
                    return ExitCodes.UsageError;
                }
                var photos = Folders(parsed.GetValue(synthPhotos));
                var pages = Folders(parsed.GetValue(synthPages));
                bool documents = parsed.GetValue(synthDocuments);
                bool canSynthesize = photos.Count > 0 || documents;
                var dataFolders = Folders(parsed.GetValue(data));
                var authenticFolders = Folders(parsed.GetValue(authentic));
                double share = parsed.GetValue(synthShare) ?? (dataFolders.Count + authenticFolders.Count == 0 ? 1 : canSynthesize ? 0.5 : 0);
                if (share > 0 && !canSynthesize)
                {
                    console.Problem("--synth-share needs synthesis sources: --synth-photos and/or --synth-documents");
                    return ExitCodes.UsageError;
                }
                if (dataFolders.Count + authenticFolders.Count == 0 && !canSynthesize)
                {
                    console.Problem("nothing to train on: give --data folders and/or synthesis sources (--synth-photos, --synth-documents)");
                    return ExitCodes.UsageError;
                }
                var options = new TrainOptions(dataFolders, Folders(parsed.GetValue(validation)), folder,
                    new NetworkSpec(parsed.GetValue(network) ?? ResNetUNet.NetworkName, !parsed.GetValue(noPretrained), parsed.GetValue(width)),
                    parsed.GetValue(from)?.FullName, parsed.GetValue(epochs) ?? TrainOptions.Defaults.Epochs, parsed.GetValue(epochCrops), parsed.GetValue(crop), parsed.GetValue(batch),
                    parsed.GetValue(rate), WarmupSteps: parsed.GetValue(warmup), SynthShare: share, Seed: parsed.GetValue(seed))
                {
                    Synthesis = canSynthesize ? new SynthesisSourceFolders(photos, Folders(parsed.GetValue(synthCutouts)), pages, documents, parsed.GetValue(holdout), minSize, maxSize, parsed.GetValue(synthAuthentic), parsed.GetValue(synthNative)) : null,
                    Authentic = authenticFolders,
                    ValidationAuthentic = Folders(parsed.GetValue(validationAuthentic)),
                    ConvertFrom = parsed.GetValue(from) is not null && parsed.GetValue(network) is not null,
                    Precision = computePrecision,
                    SampleWorkers = workers,
                    CommandLine = "tamper " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                };
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
            using var ownedTrainer = trainer;
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
        });
        return command;
    }

    private static List<string> Folders(DirectoryInfo[]? folders) => [.. (folders ?? []).Select(folder => folder.FullName)];
}
