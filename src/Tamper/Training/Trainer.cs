using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tamper.Masking;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;
using Tamper.Training.Samples;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tamper.Training;

/// <summary>
/// The training loop: AdamW (pretrained encoder at a lower rate), warm-up + cosine schedule, BCE + Dice +
/// image loss, gradient clipping, NaN steps skipped and counted. After every epoch: validation on whole
/// images with the detector's predictor, <c>last.tamper</c> + optimizer state + <c>state.json</c> (so
/// <see cref="Resume"/> continues exactly), <c>best.tamper</c> when the validation score improved, the CSV
/// log and the curve plot. A canceled token stops after the current step and saves the same way.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainOptions _options;
    private readonly RunFiles _files;
    private readonly LocalizerNetwork _network;
    private readonly BFloat16Replica? _replica;
    private readonly AdamW _optimizer;
    private readonly double[] _groupRates;
    private readonly Validator? _validator;
    private readonly IReadOnlyList<(ISampleSource Source, double Weight)> _sources;
    private readonly List<EpochRecord> _history;
    private long _step;
    private double _seconds;
    private double _bestScore;
    private int _bestEpoch;

    private Trainer(TrainOptions options, LocalizerNetwork network, TrainingState? state)
    {
        _options = options;
        _files = new RunFiles(options.Output);
        _network = network;
        TrainMode();
        _replica = options.Precision == ComputePrecision.Bf16 ? new BFloat16Replica(network, options.FreezeNormStatistics) : null;
        var pretrained = network.PretrainedParameters().Select(parameter => parameter.Handle).ToHashSet();
        var groups = new List<AdamW.ParamGroup>();
        var rates = new List<double>();
        // frozen parts (Noiseprint++) never reach the optimizer
        var trainable = network.parameters().Where(parameter => parameter.requires_grad).ToList();
        var slow = trainable.Where(parameter => pretrained.Contains(parameter.Handle)).ToList();
        var fast = trainable.Where(parameter => !pretrained.Contains(parameter.Handle)).ToList();
        if (slow.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(slow, lr: options.LearningRate * options.PretrainedRateScale, weight_decay: options.WeightDecay));
            rates.Add(options.LearningRate * options.PretrainedRateScale);
        }
        groups.Add(new AdamW.ParamGroup(fast, lr: options.LearningRate, weight_decay: options.WeightDecay));
        rates.Add(options.LearningRate);
        _optimizer = optim.AdamW(groups, options.LearningRate, weight_decay: options.WeightDecay);
        _groupRates = [.. rates];
        (_sources, DatasetImages) = SampleSources.Create(options);
        _validator = options.Validation.Count + options.ValidationAuthentic.Count > 0 ? new Validator(options.Validation, options.ValidationAuthentic) : null;
        _history = [.. state?.History ?? []];
        _step = state?.Step ?? 0;
        _seconds = state?.Seconds ?? 0;
        _bestScore = state?.BestScore ?? -1;
        _bestEpoch = state?.BestEpoch ?? 0;
        int epochCrops = options.EpochCrops > 0 ? options.EpochCrops : Math.Max(DatasetImages, 2000);
        StepsPerEpoch = Math.Max(1, epochCrops / options.Batch);
        Schedule = new LearningRateSchedule(options.WarmupSteps, StepsPerEpoch * options.Epochs);
    }

    public int DatasetImages { get; }

    public long StepsPerEpoch { get; }

    public LearningRateSchedule Schedule { get; }

    public LocalizerNetwork Network => _network;

    public int ValidationImages => _validator?.Count ?? 0;

    /// <summary>A new run in an empty (or new) folder.</summary>
    public static Trainer Start(TrainOptions options)
    {
        if (File.Exists(TrainingState.PathIn(options.Output)))
            throw new RunFolderInUseException(options.Output);
        Directory.CreateDirectory(options.Output);
        random.manual_seed(options.Seed); // the same seed gives the same initial weights
        LocalizerNetwork network;
        if (options.From is { } from)
        {
            network = ModelFile.Load(from).Network;
            if (options.ConvertFrom && network.Spec.Name != options.Network.Name)
            {
                // a different network started from this model's weights: shared parts copied, added parts new
                using var source = network;
                network = NetworkRegistry.Create(options.Network with { Width = source.Spec.Width }, loadPretrained: true);
                WeightTransfer.CopyMatching(source, network);
            }
            options = options with { Network = network.Spec };
        }
        else
            network = NetworkRegistry.Create(options.Network, loadPretrained: true);
        return new Trainer(options, network, null);
    }

    /// <summary>
    /// Continues the run in <paramref name="folder"/>; <paramref name="epochs"/> may extend it, and the speed
    /// settings (precision, sample workers) may change: they do not change which samples come next.
    /// </summary>
    public static Trainer Resume(string folder, int? epochs = null, ComputePrecision? precision = null, int? sampleWorkers = null)
    {
        var state = TrainingState.Load(folder);
        var options = state.Options with
        {
            Output = folder,
            Epochs = epochs ?? state.Options.Epochs,
            Precision = precision ?? state.Options.Precision,
            SampleWorkers = sampleWorkers ?? state.Options.SampleWorkers,
        };
        var files = new RunFiles(folder);
        var network = ModelFile.Load(files.LastModel).Network;
        var trainer = new Trainer(options, network, state);
        if (!File.Exists(files.LastOptimizer))
            throw new InputFileException(files.LastOptimizer, "optimizer state missing: the run cannot continue exactly");
        trainer._optimizer.load_state_dict(files.LastOptimizer);
        return trainer;
    }

    public TrainingOutcome Run(CancellationToken cancel, Action<TrainingProgress>? progress = null, Action<EpochRecord>? epochDone = null)
    {
        long totalSteps = StepsPerEpoch * _options.Epochs;
        using var producer = new BatchProducer(_sources, new Augmenter(_options.Crop), _options.Batch, _options.Seed, _step, _options.SampleWorkers);
        var compute = _replica?.Network ?? _network;
        var clock = Stopwatch.StartNew();
        double startSeconds = _seconds;
        long startStep = _step;
        var sums = new double[4];
        int counted = 0, skipped = 0;
        double lastRate = 0;
        while (_step < totalSteps && !cancel.IsCancellationRequested)
        {
            var batch = producer.Next();
            using (var scope = NewDisposeScope())
            {
                double factor = Schedule.Factor(_step);
                int index = 0;
                foreach (var group in _optimizer.ParamGroups)
                    group.LearningRate = _groupRates[index++] * factor;
                lastRate = _options.LearningRate * factor;
                var images = NetworkPrecision.Input(tensor(batch.Images, [batch.Count, 3, batch.Crop, batch.Crop]), _options.Precision);
                var masks = tensor(batch.Masks, [batch.Count, 1, batch.Crop, batch.Crop]);
                var labels = tensor(batch.Labels, [batch.Count]);
                _optimizer.zero_grad();
                _replica?.Pull();
                var output = compute.forward(images);
                // the loss is always computed in float32 (bf16 sums over a batch lose too much)
                var loss = LocalizationLoss.Compute(new LocalizerOutput(output.MaskLogits.to_type(ScalarType.Float32), output.ImageLogits.to_type(ScalarType.Float32)), masks, labels);
                double total = loss.Total.item<float>();
                if (double.IsFinite(total))
                {
                    loss.Total.backward();
                    _replica?.Push();
                    nn.utils.clip_grad_norm_(_network.parameters(), 5.0);
                    _optimizer.step();
                    _network.AfterStep();
                    sums[0] += total;
                    sums[1] += loss.Bce;
                    sums[2] += loss.Dice;
                    sums[3] += loss.Image;
                    counted++;
                }
                else
                {
                    // libtorch CPU NaN (a known libtorch CPU bug with 1-2 channel 3×3 convolutions): skip the step rather than poison the weights
                    _optimizer.zero_grad();
                    _replica?.Network.zero_grad();
                    skipped++;
                }
            }
            _step++;
            _seconds = startSeconds + clock.Elapsed.TotalSeconds;
            double rate = (_step - startStep) * _options.Batch / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            progress?.Invoke(new TrainingProgress(_step, totalSteps, (int)(_step / StepsPerEpoch) + 1, counted == 0 ? double.NaN : sums[0] / counted, rate,
                TimeSpan.FromSeconds((totalSteps - _step) * _options.Batch / Math.Max(1e-9, rate))));
            if (_step % StepsPerEpoch == 0)
            {
                clock.Stop(); // validation and saving are not training time
                var record = EndEpoch(sums, counted, skipped, lastRate, rate);
                clock.Start();
                epochDone?.Invoke(record);
                Array.Clear(sums);
                counted = skipped = 0;
            }
        }
        if (_step % StepsPerEpoch != 0 || !File.Exists(TrainingState.PathIn(_options.Output)))
            SaveLast(); // stopped mid-epoch (or before the first step): the next run resumes from here
        return new TrainingOutcome(_step >= totalSteps, State(), _files.LastModel, File.Exists(_files.BestModel) ? _files.BestModel : null);
    }

    /// <summary>Training mode, with the batch-norm statistics frozen when the run asks for it.</summary>
    private void TrainMode()
    {
        _network.train();
        if (_options.FreezeNormStatistics)
            BatchNormStatistics.Freeze(_network);
    }

    private EpochRecord EndEpoch(double[] sums, int counted, int skipped, double rate, double cropsPerSecond)
    {
        int epoch = (int)(_step / StepsPerEpoch);
        ValidationResult? validation = null;
        if (_validator is not null)
        {
            using var noGrad = no_grad();
            _replica?.Pull();
            // validated in the training precision: what detect computes with the same --precision
            var predictor = new Predictor(_replica?.Network ?? _network);
            // scored with the rule detect applies to this model: its analyst point, uncalibrated while it trains
            validation = _validator.Run(predictor, new MaskRule(new ModelDescription(_network.Spec).Point(OperatingPoint.Analyst)));
            TrainMode(); // the replica follows at the next step's Pull
        }
        double n = Math.Max(1, counted);
        var record = new EpochRecord(epoch, _step, _step * _options.Batch, _seconds, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, rate, cropsPerSecond, skipped, validation);
        _history.Add(record);
        bool best = validation is not null && validation.MeanScore > _bestScore;
        if (best)
        {
            _bestScore = validation!.MeanScore;
            _bestEpoch = epoch;
        }
        SaveLast();
        if (best)
            ModelFile.Save(_files.BestModel, _network, Describe(record));
        TrainingLog.Write(_options.Output, _history);
        CurvePlot.Write(_options.Output, _history);
        return record;
    }

    private void SaveLast()
    {
        ModelFile.Save(_files.LastModel, _network, Describe(_history.LastOrDefault()));
        var temporary = _files.LastOptimizer + ".tmp";
        _optimizer.save_state_dict(temporary);
        File.Move(temporary, _files.LastOptimizer, overwrite: true);
        State().Save(_options.Output);
    }

    public void Dispose() => _replica?.Dispose();

    private TrainingState State() => new(_options, _step, _seconds, _bestScore, _bestEpoch, _history);

    private ModelDescription Describe(EpochRecord? record)
    {
        var training = new JsonObject
        {
            ["command"] = _options.CommandLine,
            ["data"] = JsonSerializer.SerializeToNode(_options.Data),
            ["synthesis"] = _options.Synthesis is { } synthesis && _options.SynthShare > 0
                ? new JsonObject
                {
                    ["share"] = _options.SynthShare,
                    ["photos"] = JsonSerializer.SerializeToNode(synthesis.Photos),
                    ["cutouts"] = JsonSerializer.SerializeToNode(synthesis.Cutouts),
                    ["pages"] = JsonSerializer.SerializeToNode(synthesis.Pages),
                    ["documents"] = synthesis.Documents,
                    ["holdout_share"] = synthesis.HoldoutShare,
                    ["size"] = $"{synthesis.MinSize}..{synthesis.MaxSize}",
                    ["authentic_share"] = synthesis.AuthenticShare,
                    ["native_share"] = synthesis.NativeShare,
                }
                : null,
            ["from"] = _options.From,
            ["steps"] = _step,
            ["crops"] = _step * _options.Batch,
            ["epochs"] = record?.Epoch ?? 0,
            ["seconds"] = Math.Round(_seconds),
            ["crop"] = _options.Crop,
            ["batch"] = _options.Batch,
            ["learning_rate"] = _options.LearningRate,
            ["seed"] = _options.Seed,
            ["saved_utc"] = DateTime.UtcNow.ToString("u"),
        };
        JsonObject? validation = null;
        if (record?.Validation is { } result)
        {
            var groups = new JsonObject();
            foreach (var (group, mean) in result.GroupMeans)
                groups[group] = Math.Round(mean, 4);
            validation = new JsonObject
            {
                ["folders"] = JsonSerializer.SerializeToNode(_options.Validation),
                ["authentic_folders"] = JsonSerializer.SerializeToNode(_options.ValidationAuthentic),
                ["epoch"] = record.Epoch,
                ["mean_score"] = Math.Round(result.MeanScore, 4),
                ["mean_f1"] = Math.Round(result.MeanF1, 4),
                ["mean_iou"] = Math.Round(result.MeanIou, 4),
                ["groups"] = groups,
                ["tampered_images"] = result.Tampered,
                ["authentic_images"] = result.Authentic,
                ["false_alarms"] = result.FalseAlarms,
            };
        }
        return new ModelDescription(_network.Spec, Training: training, Validation: validation);
    }
}
