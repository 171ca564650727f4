using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;
using Tamper.Training;
using static TorchSharp.torch;

namespace Tamper.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests
{
    private static TrainOptions Options(string data, string output, int epochs, IReadOnlyList<string>? validation = null) =>
        new([data], validation ?? [], output, new NetworkSpec("unet-small", Pretrained: false, Width: 8),
            Epochs: epochs, EpochCrops: 40, Crop: 64, Batch: 4, LearningRate: 3e-3, WarmupSteps: 5, Seed: 7);

    [Fact]
    public void Training_a_few_steps_on_a_tiny_set_lowers_the_loss()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 12, size: 96);
        random.manual_seed(1);
        var trainer = Trainer.Start(Options(data, folder.Folder("run"), epochs: 4));
        var outcome = trainer.Run(CancellationToken.None);

        outcome.Completed.ShouldBeTrue();
        var history = outcome.State.History;
        history.Count.ShouldBe(4);
        history.All(record => double.IsFinite(record.Loss)).ShouldBeTrue();
        history[^1].Loss.ShouldBeLessThan(history[0].Loss * 0.9, $"losses {string.Join(", ", history.Select(record => record.Loss))}");
        File.Exists(Path.Combine(folder.Path, "run", "train.csv")).ShouldBeTrue();
        File.ReadAllLines(Path.Combine(folder.Path, "run", "train.csv")).Length.ShouldBe(5);
        File.Exists(Path.Combine(folder.Path, "run", "curve.png")).ShouldBeTrue();
    }

    [Theory]
    [InlineData(Tamper.Model.Precision.ComputePrecision.Fp32)]
    [InlineData(Tamper.Model.Precision.ComputePrecision.Bf16)]
    public void Frozen_norm_statistics_stay_those_of_the_start_model_while_the_weights_train(Tamper.Model.Precision.ComputePrecision precision)
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 8, size: 80);
        random.manual_seed(3);
        Trainer.Start(Options(data, folder.Folder("start"), epochs: 1)).Run(CancellationToken.None).Completed.ShouldBeTrue();
        var start = Path.Combine(folder.Path, "start", "last.tamper");

        foreach (var (name, freeze) in new[] { ("frozen", true), ("moving", false) })
        {
            random.manual_seed(4);
            var options = Options(data, folder.Folder(name), epochs: 1) with { From = start };
            Trainer.Start(options with { Precision = precision, FreezeNormStatistics = freeze }).Run(CancellationToken.None).Completed.ShouldBeTrue();
        }

        var (before, _) = ModelFile.Load(start);
        var (frozen, _) = ModelFile.Load(Path.Combine(folder.Path, "frozen", "last.tamper"));
        var (moving, _) = ModelFile.Load(Path.Combine(folder.Path, "moving", "last.tamper"));
        using (before)
        using (frozen)
        using (moving)
        {
            var expected = before.state_dict();
            var frozenState = frozen.state_dict();
            var movingState = moving.state_dict();
            var statistics = expected.Keys.Where(key => key.EndsWith("running_mean") || key.EndsWith("running_var")).ToList();
            statistics.ShouldNotBeEmpty();
            foreach (var key in statistics)
            {
                frozenState[key].allclose(expected[key], rtol: 0, atol: 0).ShouldBeTrue(key);
            }
            statistics.Any(key => !movingState[key].allclose(expected[key])).ShouldBeTrue("without freezing, training moves the statistics");
            var weights = expected.Keys.Where(key => key.EndsWith("weight") && expected[key].dim() == 4).ToList();
            weights.Any(key => !frozenState[key].allclose(expected[key])).ShouldBeTrue("the weights still train");
        }
    }

    [Fact]
    public void A_stopped_and_resumed_run_ends_with_the_same_weights_as_an_uninterrupted_one()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 8, size: 80);

        random.manual_seed(2);
        Trainer.Start(Options(data, folder.Folder("straight"), epochs: 2)).Run(CancellationToken.None).Completed.ShouldBeTrue();

        random.manual_seed(2);
        using var stop = new CancellationTokenSource();
        var first = Trainer.Start(Options(data, folder.Folder("stopped"), epochs: 2)).Run(stop.Token, epochDone: _ => stop.Cancel());
        first.Completed.ShouldBeFalse();
        first.State.Step.ShouldBe(10);
        var resumed = Trainer.Resume(Path.Combine(folder.Path, "stopped")).Run(CancellationToken.None);
        resumed.Completed.ShouldBeTrue();
        resumed.State.History.Count.ShouldBe(2);

        var (straight, _) = ModelFile.Load(Path.Combine(folder.Path, "straight", "last.tamper"));
        var (continued, _) = ModelFile.Load(Path.Combine(folder.Path, "stopped", "last.tamper"));
        using (straight)
        using (continued)
        {
            var expected = straight.state_dict();
            foreach (var (name, value) in continued.state_dict())
                value.allclose(expected[name], rtol: 1e-4, atol: 1e-6).ShouldBeTrue(name);
        }
    }

    [Fact]
    public void Validation_scores_whole_images_and_keeps_the_best_checkpoint()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 8, size: 80);
        var validation = TinyForgeries.Write(folder.Folder("val"), count: 3, size: 100, seed: 99);
        random.manual_seed(3);
        var outcome = Trainer.Start(Options(data, folder.Folder("run"), epochs: 2, [validation])).Run(CancellationToken.None);
        outcome.State.History.All(record => record.Validation is { Tampered: 3, Authentic: 0 }).ShouldBeTrue();
        outcome.BestModel.ShouldNotBeNull();
        var description = ModelFile.ReadDescription(outcome.BestModel);
        description.Validation!["epoch"]!.GetValue<int>().ShouldBe(outcome.State.BestEpoch);
        description.Training!["crops"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Untouched_images_without_masks_are_validated_for_false_alarms_beside_the_forgeries()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 8, size: 80);
        var validation = TinyForgeries.Write(folder.Folder("val"), count: 2, size: 80, seed: 98);
        for (int index = 0; index < 3; index++)
            Masks.Write(folder.File($"untouched/photo{index}.png"), Masks.ColorImage(80, 64, seed: 40 + index));
        var options = Options(data, folder.Folder("run"), epochs: 1, [validation]) with { ValidationAuthentic = [folder.Path + "/untouched"] };

        var outcome = Trainer.Start(options).Run(CancellationToken.None);

        var result = outcome.State.History.Single().Validation!;
        (result.Tampered, result.Authentic).ShouldBe((2, 3));
        result.FalseAlarms.ShouldBeInRange(0, 3);
        ModelFile.ReadDescription(outcome.LastModel).Validation!["authentic_images"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public void A_run_folder_in_use_is_not_overwritten_and_resume_needs_a_run()
    {
        using var folder = new TempFolder();
        var data = TinyForgeries.Write(folder.Folder("data"), count: 4, size: 64);
        Should.Throw<InputFileException>(() => Trainer.Resume(folder.Folder("empty"))).Message.ShouldContain("nothing to resume");
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Trainer.Start(Options(data, folder.Folder("run"), epochs: 1)).Run(stop.Token);
        Should.Throw<RunFolderInUseException>(() => Trainer.Start(Options(data, Path.Combine(folder.Path, "run"), epochs: 1))).Folder.ShouldBe(Path.Combine(folder.Path, "run"));
        // the library speaks of resuming; the command line names its flag
        var cli = CliRun.Of("train", "--data", data, "--out", Path.Combine(folder.Path, "run"), "--epochs", "1");
        cli.ExitCode.ShouldBe(Tamper.Cli.ExitCodes.UsageError);
        cli.Error.ShouldContain("add --resume to continue it");
    }

    [Fact]
    public void The_schedule_warms_up_then_decays_along_a_cosine()
    {
        var schedule = new LearningRateSchedule(WarmupSteps: 10, TotalSteps: 110, FloorFactor: 0.01);
        schedule.Factor(0).ShouldBe(0.1, 1e-12);
        schedule.Factor(9).ShouldBe(1.0, 1e-12);
        schedule.Factor(10).ShouldBe(1.0, 1e-12);
        schedule.Factor(60).ShouldBe(0.505, 1e-9);
        schedule.Factor(110).ShouldBe(0.01, 1e-12);
    }
}
