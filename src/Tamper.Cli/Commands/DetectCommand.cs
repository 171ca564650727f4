using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Detection;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper detect</c>: a mask (and optionally a heat map and an overlay) per image.</summary>
public static class DetectCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files, folders or patterns (quote patterns: 'dir/*.jpg')", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the masks, <id>.png (0/255)", Required = true };
        var method = new Option<string>("--method")
        {
            Description = $"Detection method ({string.Join(", ", DetectorRegistry.Methods)})",
            DefaultValueFactory = _ => "classical",
        };
        var analysers = new Option<string?>("--analysers") { Description = "Classical method: comma-separated analysers to fuse (default: all)" };
        var heatmaps = new Option<DirectoryInfo?>("--heatmaps") { Description = "Also write grey heat maps (0..255) here, <id>.png" };
        var overlays = new Option<DirectoryInfo?>("--overlays") { Description = "Also write the image with the heat map blended in colour here" };
        var threshold = new Option<double>("--threshold") { Description = "Heat-map level (0..1) above which a pixel is marked tampered", DefaultValueFactory = _ => 0.5 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Recompute images whose outputs exist (default: skip them, so a stopped batch resumes)" };
        var maxMegapixels = CommonOptions.MaxMegapixels();

        var command = new Command("detect", "Find edited regions: writes a mask per image (and heat maps, overlays)")
        {
            inputs, output, method, analysers, heatmaps, overlays, threshold, overwrite, maxMegapixels,
        };
        command.SetAction(parsed =>
        {
            var post = new MaskPostProcessor(Threshold: parsed.GetValue(threshold));
            var detector = DetectorRegistry.Create(parsed.GetValue(method)!, parsed.GetValue(analysers), post);
            if (CommonOptions.Inputs(console, parsed.GetValue(inputs)!) is not { } batch)
                return ExitCodes.UsageError;
            var (items, problems) = batch;
            var outputs = new DetectionOutputs(parsed.GetValue(output)!.FullName, parsed.GetValue(heatmaps)?.FullName,
                parsed.GetValue(overlays)?.FullName, parsed.GetValue(overwrite));
            var loader = CommonOptions.Loader(parsed.GetValue(maxMegapixels));
            var summary = BatchProgress.Run(console, "detecting", progress =>
                DetectionBatch.Run(detector, items, outputs, loader, problems, (item, result) =>
                {
                    if (!console.Interactive)
                        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{item.Id}: {result.TamperedShare:P2} marked, image score {result.ImageScore:0.00}"));
                }, progress));
            return BatchReport.Finish(console, summary, "image(s)", outputs.MaskFolder);
        });
        return command;
    }
}
