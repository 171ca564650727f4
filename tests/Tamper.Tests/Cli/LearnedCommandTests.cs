using System.Text.Json;
using OpenCvSharp;
using Tamper.Cli;
using Tamper.Detection;
using Tamper.Model;
using Tamper.Model.Checkpoints;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class LearnedCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A model file whose network marks every pixel at 0.97 (above every pixel threshold calibrate tries) and scores every image 0.55 (thresholds 0.5 / 0.5).</summary>
    private string ConstantModel()
    {
        var path = _temp.File("constant.tamper");
        using var network = ConstantNetworks.Create(pixelProbability: 0.97, imageProbability: 0.55);
        ModelFile.Save(path, network, new ModelDescription(network.Spec));
        return path;
    }

    [Fact]
    public void Detect_with_the_shipped_model_writes_a_mask_of_the_image_size()
    {
        var model = DefaultModel.Path();
        File.Exists(model).ShouldBeTrue($"the shipped model is copied beside the binaries: {model}");
        var (image, _) = TinyForgeries.Make(size: 200, seed: 3);
        using (image)
        using (var wide = new Mat())
        {
            Cv2.Resize(image, wide, new Size(333, 200));
            Masks.Write(_temp.File("in/forged.jpg"), wide);
        }
        var run = CliRun.Of("detect", _temp.File("in/forged.jpg"), "--out", _temp.Path + "/masks", "--overlays", _temp.Path + "/overlays", "--json", _temp.Path + "/summary.json");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        using var mask = Cv2.ImRead(_temp.File("masks/forged.png"), ImreadModes.Unchanged);
        (mask.Cols, mask.Rows, mask.Channels()).ShouldBe((333, 200, 1));
        using var overlay = Cv2.ImRead(_temp.File("overlays/forged.png"), ImreadModes.Unchanged);
        (overlay.Cols, overlay.Rows, overlay.Channels()).ShouldBe((333, 200, 3));
        using var summary = JsonDocument.Parse(File.ReadAllText(_temp.File("summary.json")));
        summary.RootElement.GetProperty("method").GetString().ShouldBe(DetectorRegistry.DefaultMethod);
        var entry = summary.RootElement.GetProperty("images")[0];
        entry.GetProperty("id").GetString().ShouldBe("forged");
        entry.GetProperty("image_score").GetDouble().ShouldBeInRange(0, 1);
    }

    [Fact]
    public void Detect_in_bf16_marks_what_fp32_marks_and_an_unknown_precision_is_a_usage_error()
    {
        var model = ConstantModel();
        using (var image = Masks.ColorImage(96, 80, seed: 4))
            Masks.Write(_temp.File("in/photo.png"), image);
        foreach (var precision in new[] { "fp32", "bf16" })
        {
            var run = CliRun.Of("detect", _temp.File("in/photo.png"), "--out", _temp.Path + "/" + precision, "--model", model, "--method", "learned", "--precision", precision);
            run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
            using var mask = Cv2.ImRead(_temp.File(precision + "/photo.png"), ImreadModes.Unchanged);
            Cv2.CountNonZero(mask).ShouldBe(96 * 80, precision); // 0.97 everywhere, image score 0.55: all marked
        }
        var bad = CliRun.Of("detect", _temp.File("in/photo.png"), "--out", _temp.Path + "/bad", "--model", model, "--precision", "fp8");
        bad.ExitCode.ShouldBe(ExitCodes.UsageError);
        bad.Error.ShouldContain("--precision");
    }

    [Fact]
    public void Train_then_detect_with_the_trained_model_and_tta()
    {
        TinyForgeries.Write(_temp.Folder("data"), count: 6, size: 72);
        TinyForgeries.Write(_temp.Folder("val"), count: 2, size: 90, seed: 8);
        var run = _temp.Path + "/run";
        var train = CliRun.Of("train", "--data", _temp.Path + "/data", "--val", _temp.Path + "/val", "--out", run, "--network", "unet-small",
            "--width", "8", "--epochs", "1", "--epoch-crops", "8", "--crop", "64", "--batch", "4", "--threads", "1");
        train.ExitCode.ShouldBe(ExitCodes.Success, train.Error);
        train.Out.ShouldContain("finished");
        foreach (var file in new[] { "best.tamper", "last.tamper", "last.optimizer", "state.json", "train.csv", "curve.png" })
            File.Exists(Path.Combine(run, file)).ShouldBeTrue(file);

        var detect = CliRun.Of("detect", _temp.Path + "/val/images", "--out", _temp.Path + "/masks", "--model", run + "/best.tamper", "--method", "learned", "--tta", "--threshold", "0.3", "--json", _temp.Path + "/summary.json");
        detect.ExitCode.ShouldBe(ExitCodes.Success, detect.Error);
        Directory.GetFiles(_temp.Path + "/masks", "*.png").Length.ShouldBe(2);
        using var summary = JsonDocument.Parse(File.ReadAllText(_temp.File("summary.json")));
        summary.RootElement.GetProperty("threshold").GetDouble().ShouldBe(0.3);
        summary.RootElement.GetProperty("model").GetString()!.ShouldEndWith("best.tamper");

        var again = CliRun.Of("train", "--data", _temp.Path + "/data", "--out", run, "--network", "unet-small", "--epochs", "1");
        again.ExitCode.ShouldBe(ExitCodes.UsageError);
        again.Error.ShouldContain("--resume");
    }

    [Fact]
    public void The_image_threshold_option_overrides_the_models_and_empties_masks_of_images_scored_under_it()
    {
        // every pixel 0.97, every image 0.55; the model's image threshold is 0.5
        var model = ConstantModel();
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 48));
        string[] common = ["detect", _temp.File("in/a.png"), "--model", model, "--method", "learned", "--threads", "1"];

        var byModel = CliRun.Of([.. common, "--out", _temp.Path + "/model", "--json", _temp.Path + "/model.json"]);
        var stricter = CliRun.Of([.. common, "--out", _temp.Path + "/strict", "--json", _temp.Path + "/strict.json", "--image-threshold", "0.6"]);
        var outOfRange = CliRun.Of([.. common, "--out", _temp.Path + "/bad", "--image-threshold", "1.5"]);

        byModel.ExitCode.ShouldBe(ExitCodes.Success, byModel.Error);
        stricter.ExitCode.ShouldBe(ExitCodes.Success, stricter.Error);
        using (var mask = Cv2.ImRead(_temp.File("model/a.png"), ImreadModes.Unchanged))
            Cv2.CountNonZero(mask).ShouldBe(64 * 48);
        using (var mask = Cv2.ImRead(_temp.File("strict/a.png"), ImreadModes.Unchanged))
            Cv2.CountNonZero(mask).ShouldBe(0);
        using var summary = JsonDocument.Parse(File.ReadAllText(_temp.File("strict.json")));
        summary.RootElement.GetProperty("image_threshold").GetDouble().ShouldBe(0.6);
        outOfRange.ExitCode.ShouldBe(ExitCodes.UsageError);
        outOfRange.Error.ShouldContain("--image-threshold");
    }

    [Fact]
    public void Calibrate_with_a_false_alarm_cap_writes_the_first_image_threshold_that_meets_it()
    {
        // every pixel 0.97, every image 0.55: only an image threshold above 0.55 spares the authentic images
        var model = ConstantModel();
        for (int index = 0; index < 2; index++)
        {
            Masks.Write(_temp.File($"mixed/images/t{index}.png"), Masks.ColorImage(64, 48, seed: index));
            Masks.Write(_temp.File($"mixed/masks/t{index}.png"), Masks.Filled(64, 48, 255));
            Masks.Write(_temp.File($"mixed/images/a{index}.png"), Masks.ColorImage(64, 48, seed: 10 + index));
            Masks.Write(_temp.File($"mixed/masks/a{index}.png"), Masks.Filled(64, 48, 0));
            Masks.Write(_temp.File($"tampered/images/t{index}.png"), Masks.ColorImage(64, 48, seed: index));
            Masks.Write(_temp.File($"tampered/masks/t{index}.png"), Masks.Filled(64, 48, 255));
        }
        string[] common = ["calibrate", "--model", model, "--threads", "1", "--max-false-alarms"];

        var capped = CliRun.Of([.. common, "0", "--data", _temp.Path + "/mixed", "--out", _temp.File("capped.tamper")]);
        var noAuthentic = CliRun.Of([.. common, "0.1", "--data", _temp.Path + "/tampered", "--out", _temp.File("none.tamper")]);
        var outOfRange = CliRun.Of([.. common, "2", "--data", _temp.Path + "/mixed", "--out", _temp.File("bad.tamper")]);

        capped.ExitCode.ShouldBe(ExitCodes.Success, capped.Error);
        var description = ModelFile.ReadDescription(_temp.File("capped.tamper"));
        description.ImageThreshold.ShouldBe(0.6);
        description.Calibration!["false_alarm_share"]!.GetValue<double>().ShouldBe(0);
        description.Calibration["authentic_images"]!.GetValue<int>().ShouldBe(2);
        noAuthentic.ExitCode.ShouldBe(ExitCodes.UsageError);
        noAuthentic.Error.ShouldContain("authentic images");
        File.Exists(_temp.File("none.tamper")).ShouldBeFalse();
        outOfRange.ExitCode.ShouldBe(ExitCodes.UsageError);
        outOfRange.Error.ShouldContain("--max-false-alarms");

        // area limits are shares of the image: 0 and 1.5 are refused before anything runs, and nothing is written
        foreach (var limit in new[] { "0", "1.5" })
        {
            var badLimit = CliRun.Of("calibrate", "--model", model, "--threads", "1", "--data", _temp.Path + "/mixed", "--area-limits", "0.1", limit, "--out", _temp.File("limit.tamper"));
            badLimit.ExitCode.ShouldBe(ExitCodes.UsageError);
            badLimit.Error.ShouldContain("--area-limits");
            File.Exists(_temp.File("limit.tamper")).ShouldBeFalse();
        }
    }

    [Fact]
    public void Contest_never_writes_an_empty_mask_where_the_analyst_point_leaves_it_empty()
    {
        // every pixel 0.3 (under the 0.5 threshold), every image 0.2 (under the image threshold): analyst marks nothing
        var path = _temp.File("quiet.tamper");
        using (var network = ConstantNetworks.Create(pixelProbability: 0.3, imageProbability: 0.2))
            ModelFile.Save(path, network, new ModelDescription(network.Spec));
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 48));

        var analyst = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/analyst", "--model", path, "--method", "learned");
        var contest = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/contest", "--model", path, "--method", "learned", "--contest", "--json", _temp.File("contest.json"));
        var classical = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/classical", "--method", "classical", "--contest");

        analyst.ExitCode.ShouldBe(ExitCodes.Success, analyst.Error);
        contest.ExitCode.ShouldBe(ExitCodes.Success, contest.Error);
        using (var mask = Cv2.ImRead(_temp.File("analyst/a.png"), ImreadModes.Unchanged))
            Cv2.CountNonZero(mask).ShouldBe(0);
        using (var mask = Cv2.ImRead(_temp.File("contest/a.png"), ImreadModes.Unchanged))
            Cv2.CountNonZero(mask).ShouldBe(64 * 48); // a flat map: the most likely region is all of it
        using var summary = JsonDocument.Parse(File.ReadAllText(_temp.File("contest.json")));
        summary.RootElement.GetProperty("operating_point").GetString().ShouldBe("contest");
        classical.ExitCode.ShouldBe(ExitCodes.UsageError);
        classical.Error.ShouldContain("--contest");
    }

    [Fact]
    public void Calibrate_writes_both_operating_points_and_detect_uses_them()
    {
        // every pixel 0.97, every image 0.55; authentic images come from a folder without masks
        var model = ConstantModel();
        for (int index = 0; index < 2; index++)
        {
            Masks.Write(_temp.File($"set/images/t{index}.png"), Masks.ColorImage(64, 48, seed: index));
            Masks.Write(_temp.File($"set/masks/t{index}.png"), Masks.Filled(64, 48, 255));
            Masks.Write(_temp.File($"untouched/a{index}.png"), Masks.ColorImage(64, 48, seed: 10 + index));
        }
        var run = CliRun.Of("calibrate", "--model", model, "--threads", "1", "--max-false-alarms", "0", "--data", _temp.Path + "/set",
            "--authentic", _temp.Path + "/untouched", "--out", _temp.File("calibrated.tamper"), "--plot", _temp.File("points.png"), "--holdout-check");

        run.ExitCode.ShouldBe(ExitCodes.Success, run.Error);
        run.Out.ShouldContain("held out, both halves:");
        using (var plot = OpenCvSharp.Cv2.ImRead(_temp.File("points.png")))
            (plot.Cols, plot.Rows).ShouldBe((1120, 400), "two panels: score and false alarms against the threshold");
        var description = ModelFile.ReadDescription(_temp.File("calibrated.tamper"));
        var analyst = description.Point(OperatingPoint.Analyst);
        var contest = description.Point(OperatingPoint.Contest);
        analyst.ImageThreshold.ShouldBe(0.6); // the first image threshold above 0.55 spares both authentic images
        analyst.NeverEmpty.ShouldBeFalse();
        contest.NeverEmpty.ShouldBeTrue();
        contest.ImageThreshold.ShouldBe(0);
        description.OperatingPoints!.Keys.ShouldBe([OperatingPoint.Analyst, OperatingPoint.Contest], ignoreOrder: true);
        description.Calibration!["authentic_images"]!.GetValue<int>().ShouldBe(2);
        // each half (one forgery, one untouched image) chooses image threshold 0.6 for the other, as the whole set did (no
        // setting keeps a forgery without flagging an untouched image): none flagged, no forgery kept; contest masks all
        description.Calibration!["held_out"]!["flagged"]!.GetValue<int>().ShouldBe(0);
        description.Calibration!["held_out"]!["analyst_tampered_mean_score"]!.GetValue<double>().ShouldBe(0.0);
        description.Calibration!["held_out"]!["contest_tampered_mean_score"]!.GetValue<double>().ShouldBe(2.0);

        var fused = CliRun.Of("calibrate", "--model", model, "--threads", "1", "--method", "fused", "--data", _temp.Path + "/set",
            "--authentic", _temp.Path + "/untouched", "--out", _temp.File("fused.tamper"));
        fused.ExitCode.ShouldBe(ExitCodes.Success, fused.Error);
        var fusedDescription = ModelFile.ReadDescription(_temp.File("fused.tamper"));
        fusedDescription.Calibration!["fused"]!["method"]!.GetValue<string>().ShouldBe("fused");
        fusedDescription.OperatingPoints!.Keys.ShouldBe(["fused/analyst", "fused/contest"], ignoreOrder: true);
        fusedDescription.Point(OperatingPoint.Contest, "fused").NeverEmpty.ShouldBeTrue();

        // calibrating the fused method on top of the calibrated model keeps the model-alone points
        var both = CliRun.Of("calibrate", "--model", _temp.File("calibrated.tamper"), "--threads", "1", "--method", "fused", "--data", _temp.Path + "/set",
            "--authentic", _temp.Path + "/untouched", "--out", _temp.File("both.tamper"));
        both.ExitCode.ShouldBe(ExitCodes.Success, both.Error);
        var bothDescription = ModelFile.ReadDescription(_temp.File("both.tamper"));
        bothDescription.OperatingPoints!.Keys.ShouldBe(["analyst", "contest", "fused/analyst", "fused/contest"], ignoreOrder: true);
        bothDescription.Point(OperatingPoint.Analyst).ShouldBe(analyst);
        bothDescription.Calibration!["authentic_images"]!.GetValue<int>().ShouldBe(2);
        var classical = CliRun.Of("calibrate", "--model", model, "--method", "classical", "--data", _temp.Path + "/set", "--out", _temp.File("c.tamper"));
        classical.ExitCode.ShouldBe(ExitCodes.UsageError);
        classical.Error.ShouldContain("--method");

        var detect = CliRun.Of("detect", _temp.File("untouched/a0.png"), "--out", _temp.Path + "/masks", "--model", _temp.File("calibrated.tamper"), "--method", "learned");
        detect.ExitCode.ShouldBe(ExitCodes.Success, detect.Error);
        using var mask = Cv2.ImRead(_temp.File("masks/a0.png"), ImreadModes.Unchanged);
        Cv2.CountNonZero(mask).ShouldBe(0);
    }

    [Fact]
    public void A_damaged_model_or_missing_run_is_a_usage_error_with_the_file_named()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(64, 64));
        File.WriteAllText(_temp.File("broken.tamper"), "not a model");
        var detect = CliRun.Of("detect", _temp.File("in/a.png"), "--out", _temp.Path + "/masks", "--model", _temp.File("broken.tamper"));
        detect.ExitCode.ShouldBe(ExitCodes.UsageError);
        detect.Error.ShouldContain("broken.tamper");
        detect.Error.ShouldContain("not a Tamper model file");

        var resume = CliRun.Of("train", "--out", _temp.Folder("no-run"), "--resume");
        resume.ExitCode.ShouldBe(ExitCodes.UsageError);
        resume.Error.ShouldContain("nothing to resume");
    }
}
