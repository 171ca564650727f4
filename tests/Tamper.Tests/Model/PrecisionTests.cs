using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Model.Precision;
using Tamper.Model.Prediction;
using Tamper.Tests.Support;
using Tamper.Training;
using static TorchSharp.torch;

namespace Tamper.Tests.Model;

[Collection(TorchCollection.Name)]
public sealed class PrecisionTests
{
    [Theory]
    [InlineData("resnet-unet")]
    [InlineData("unet-small")]
    public void Every_network_runs_after_conversion_to_bf16_and_back_to_fp32(string name)
    {
        using var network = NetworkRegistry.Create(new NetworkSpec(name, Pretrained: false));
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = rand(1, 3, 64, 64) * 255;
        var before = network.forward(input).MaskLogits.clone();

        NetworkPrecision.Apply(network, ComputePrecision.Bf16);
        NetworkPrecision.Of(network).ShouldBe(ComputePrecision.Bf16);
        network.named_parameters().Where(entry => entry.parameter.dim() == 4 && !ChannelsLast.Is(entry.parameter))
            .Select(entry => $"{entry.name} {string.Join('x', entry.parameter.shape)} strides {string.Join(',', entry.parameter.stride())}").ShouldBeEmpty();
        var half = network.forward(NetworkPrecision.Input(input, ComputePrecision.Bf16));
        half.MaskLogits.dtype.ShouldBe(ScalarType.BFloat16);
        half.MaskLogits.to_type(ScalarType.Float32).isfinite().all().item<bool>().ShouldBeTrue();

        NetworkPrecision.Apply(network, ComputePrecision.Fp32);
        NetworkPrecision.Of(network).ShouldBe(ComputePrecision.Fp32);
        var after = network.forward(input).MaskLogits;
        after.dtype.ShouldBe(ScalarType.Float32);
        // the round trip rounds weights to bf16's 8 significant bits: close to, not equal to, the original
        (after - before).abs().max().item<float>().ShouldBeLessThan(0.5f);
    }

    [Fact]
    public void Channels_last_keeps_values_and_changes_only_strides()
    {
        using var scope = NewDisposeScope();
        var tensor = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);
        ChannelsLast.Is(tensor).ShouldBeFalse();
        var strided = ChannelsLast.Of(tensor);
        ChannelsLast.Is(strided).ShouldBeTrue();
        strided.stride().ShouldBe([60, 1, 15, 3]);
        strided.allclose(tensor, rtol: 0, atol: 0).ShouldBeTrue();
    }

    [Fact]
    public void The_shipped_model_gives_the_same_map_in_bf16_as_in_fp32_within_tolerance()
    {
        using var image = Masks.ColorImage(320, 256, seed: 5);
        var (fp32, _) = ModelFile.Load(DefaultModel.Path());
        var (bf16, _) = ModelFile.Load(DefaultModel.Path());
        using (fp32)
        using (bf16)
        {
            NetworkPrecision.Apply(bf16, ComputePrecision.Bf16);
            using var exact = new Predictor(fp32).Predict(image);
            using var fast = new Predictor(bf16).Predict(image);
            using var difference = new OpenCvSharp.Mat();
            OpenCvSharp.Cv2.Absdiff(exact.Heatmap, fast.Heatmap, difference);
            // stated tolerance: mean |Δp| under 0.01 (measured 0.003 on real photos), image scores within 0.02
            OpenCvSharp.Cv2.Mean(difference).Val0.ShouldBeLessThan(0.01);
            Math.Abs(exact.ImageScore - fast.ImageScore).ShouldBeLessThan(0.02);
            using var exactMask = new OpenCvSharp.Mat();
            using var fastMask = new OpenCvSharp.Mat();
            OpenCvSharp.Cv2.Threshold(exact.Heatmap, exactMask, 0.5, 255, OpenCvSharp.ThresholdTypes.Binary);
            OpenCvSharp.Cv2.Threshold(fast.Heatmap, fastMask, 0.5, 255, OpenCvSharp.ThresholdTypes.Binary);
            exactMask.ConvertTo(exactMask, OpenCvSharp.MatType.CV_8UC1);
            fastMask.ConvertTo(fastMask, OpenCvSharp.MatType.CV_8UC1);
            if (OpenCvSharp.Cv2.CountNonZero(exactMask) > 100)
                Forgeries.Iou(exactMask, fastMask).ShouldBeGreaterThan(0.9);
        }
    }

    [Fact]
    public void Training_in_bf16_reaches_the_loss_of_fp32_training_and_saves_float32_weights()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 12, size: 96);
        TrainOptions Options(string run, ComputePrecision precision) =>
            new([data], [], folder.Folder(run), new NetworkSpec("unet-small", Pretrained: false, Width: 8),
                Epochs: 4, EpochCrops: 40, Crop: 64, Batch: 4, LearningRate: 3e-3, WarmupSteps: 5, Seed: 7)
            { Precision = precision };

        random.manual_seed(1);
        using var exact = Trainer.Start(Options("fp32", ComputePrecision.Fp32));
        var exactHistory = exact.Run(CancellationToken.None).State.History;
        random.manual_seed(1);
        using var fast = Trainer.Start(Options("bf16", ComputePrecision.Bf16));
        var fastOutcome = fast.Run(CancellationToken.None);
        var fastHistory = fastOutcome.State.History;

        fastHistory[^1].Loss.ShouldBeLessThan(fastHistory[0].Loss * 0.9, $"bf16 losses {string.Join(", ", fastHistory.Select(record => record.Loss))}");
        // same seed, same samples: the last epoch's loss within 10 % of the fp32 run's
        Math.Abs(fastHistory[^1].Loss - exactHistory[^1].Loss).ShouldBeLessThan(0.1 * exactHistory[^1].Loss,
            $"fp32 {string.Join(", ", exactHistory.Select(record => record.Loss))}; bf16 {string.Join(", ", fastHistory.Select(record => record.Loss))}");
        var (saved, _) = ModelFile.Load(fastOutcome.LastModel);
        using (saved)
            NetworkPrecision.Of(saved).ShouldBe(ComputePrecision.Fp32);
    }

    [Theory]
    [InlineData("auto", true, false, ComputePrecision.Bf16)]
    [InlineData("auto", false, true, ComputePrecision.Fp32)]
    [InlineData("auto", false, false, ComputePrecision.Fp32)]
    [InlineData("BF16", false, false, ComputePrecision.Bf16)]
    [InlineData("fp32", true, true, ComputePrecision.Fp32)]
    public void Auto_chooses_bf16_only_with_amx(string name, bool amx, bool avx512, ComputePrecision expected) =>
        PrecisionChoice.Resolve(name, new CpuFeatures(amx, avx512)).ShouldBe(expected);

    [Fact]
    public void Unknown_precisions_list_the_known_ones() =>
        Should.Throw<UnknownNameException>(() => PrecisionChoice.Resolve("fp8")).Message.ShouldContain("bf16");

    [Fact]
    public void Cpu_flags_are_read_from_the_cpuinfo_flags_line()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cpuinfo");
        File.WriteAllText(path, "processor\t: 0\nflags\t\t: fpu sse2 avx512f avx512_bf16 amx_tile amx_bf16\n");
        CpuFeatures.Read(path).ShouldBe(new CpuFeatures(AmxBf16: true, Avx512Bf16: true));
        CpuFeatures.Parse("flags : fpu avx2").ShouldBe(new CpuFeatures(false, false));
        CpuFeatures.Read(Path.Combine(folder.Path, "missing")).ShouldBe(new CpuFeatures(false, false));
    }
}
