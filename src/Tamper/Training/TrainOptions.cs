using Tamper.Model;
using Tamper.Model.Precision;

namespace Tamper.Training;

/// <summary>Everything a training run is made of; stored in the run folder so <c>--resume</c> continues the same run.</summary>
/// <param name="Data">Dataset folders (any layout <see cref="Data.DatasetReader"/> reads).</param>
/// <param name="Validation">Dataset folders scored after every epoch on whole images; images with empty masks count as authentic (false alarms).</param>
/// <param name="Output">Run folder: checkpoints, log, plot.</param>
/// <param name="Network">Network for a new run (ignored with <see cref="From"/>, which brings its own).</param>
/// <param name="From">Start from this model's weights (fine-tuning).</param>
/// <param name="Epochs">Epochs in the run (the schedule spans them all).</param>
/// <param name="EpochCrops">Crops per epoch (0 = one pass over the datasets' images).</param>
/// <param name="Crop">Side of the square training crops.</param>
/// <param name="Batch">Crops per step.</param>
/// <param name="LearningRate">Peak rate of the parts trained from scratch.</param>
/// <param name="PretrainedRateScale">Pretrained encoder rate = this × <see cref="LearningRate"/>.</param>
/// <param name="WarmupSteps">Linear warm-up before the cosine decay.</param>
/// <param name="SynthShare">Share of crops made on the fly by the synthetic generator (needs synthesis sources).</param>
/// <param name="Seed">Sampling, augmentation and synthesis seed.</param>
public sealed record TrainOptions(
    IReadOnlyList<string> Data,
    IReadOnlyList<string> Validation,
    string Output,
    NetworkSpec Network,
    string? From = null,
    int Epochs = 30,
    int EpochCrops = 0,
    int Crop = 512,
    int Batch = 8,
    double LearningRate = 1e-3,
    double PretrainedRateScale = 0.1,
    int WarmupSteps = 200,
    double WeightDecay = 1e-4,
    double SynthShare = 0,
    int Seed = 1)
{
    /// <summary>Folders of photos, cutouts and page images for on-the-fly synthesis.</summary>
    public SynthesisSourceFolders? Synthesis { get; init; }

    /// <summary>Every default in one place, for hosts that show and apply them (the CLI's option defaults read these).</summary>
    public static TrainOptions Defaults { get; } = new([], [], "", new NetworkSpec(Model.Networks.ResNetUNet.NetworkName))
    {
        Synthesis = new SynthesisSourceFolders([], [], [], Documents: false),
        // measured with tamper bench --train (fp32, 2 cores): 5.2 crops/s fresh, 7.1 with each sample used 4x, 8.2 with 16x
        SynthesisReuse = 4,
    };

    /// <summary>
    /// Forward/backward precision. bf16 computes on a bfloat16 channels-last replica with float32 master weights
    /// (<see cref="BFloat16Replica"/>); checkpoints are float32 either way.
    /// </summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Fp32;

    /// <summary>Threads that make training samples ahead of the network (synthesis, augmentation).</summary>
    public int SampleWorkers { get; init; } = 1;

    /// <summary>
    /// How many times each synthesized forgery is used, each with its own crop and augmentation (<see cref="Samples.ReusedSampleSource"/>);
    /// 1 = always fresh (what runs made before this option get on resume); new runs from the CLI take <see cref="Defaults"/>' value.
    /// </summary>
    public int SynthesisReuse { get; init; } = 1;

    /// <summary>Keep the batch-norm statistics as they are (<see cref="BatchNormStatistics"/>): for fine-tuning with small batches.</summary>
    public bool FreezeNormStatistics { get; init; }

    /// <summary>Folders of untouched images without masks scored after every epoch beside <see cref="Validation"/>: false alarms (reported, not the checkpoint criterion).</summary>
    public IReadOnlyList<string> ValidationAuthentic { get; init; } = [];

    /// <summary>Folders of untouched images (no masks): drawn with empty masks, in the dataset share beside the <see cref="Data"/> pairs.</summary>
    public IReadOnlyList<string> Authentic { get; init; } = [];

    /// <summary>With <see cref="From"/>: build <see cref="Network"/> and start it from the model's weights where they fit (see <see cref="Model.Checkpoints.WeightTransfer"/>), instead of training the model's own network.</summary>
    public bool ConvertFrom { get; init; }

    /// <summary>The command line that started the run, for the model's description.</summary>
    public string? CommandLine { get; init; }
}
