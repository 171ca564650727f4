using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tamper.Batch;
using Tamper.Benchmarks;
using Tamper.Detection;
using Tamper.Model;
using Tamper.Forensics;
using Tamper.Imaging;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper bench</c>: speed (median seconds per megapixel) and peak memory of the analysers and the detector.</summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files, folders or patterns to time (optional with --synthetic-megapixels)", Arity = ArgumentArity.ZeroOrMore };
        var analysers = new Option<string?>("--analysers") { Description = "Comma-separated analysers (default: all)" };
        var runs = new Option<int>("--runs") { Description = "Runs per image (medians are taken over images x runs)", DefaultValueFactory = _ => 3 };
        var synthetic = new Option<double[]>("--synthetic-megapixels") { Description = "Also time generated photo-like JPEGs of these sizes, e.g. 1 4 40", AllowMultipleArgumentsPerToken = true };
        var noDetector = new Option<bool>("--no-detector") { Description = "Time the analysers only, not the fused classical detector" };
        var model = new Option<FileInfo?>("--model") { Description = "Model for the learned detector (default: the shipped model)" };
        var noLearned = new Option<bool>("--no-learned") { Description = "Do not time the learned detector" };
        var threads = new Option<int>("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keepSynthetic = new Option<DirectoryInfo?>("--keep-synthetic") { Description = "Also save the generated images here (to time other commands on them)" };
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var command = new Command("bench", "Time decoding, each analyser, the classical and the learned detector; report medians and peak memory")
        {
            inputs, analysers, runs, synthetic, noDetector, model, noLearned, threads, keepSynthetic, maxMegapixels,
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
            if (images.Count == 0)
            {
                console.Problem("nothing to time: give images or --synthetic-megapixels");
                return ExitCodes.UsageError;
            }
            var selected = AnalyserRegistry.Parse(parsed.GetValue(analysers));
            TorchSharp.torch.set_num_threads(Math.Max(1, parsed.GetValue(threads)));
            var modelPath = parsed.GetValue(model)?.FullName ?? DefaultModel.Path();
            if (!parsed.GetValue(noLearned) && !File.Exists(modelPath))
                console.Problem($"{modelPath}: no model, the learned detector is not timed (give --model)");
            using var learned = parsed.GetValue(noLearned) || !File.Exists(modelPath) ? null : new LearnedDetector(modelPath);
            var rows = ForensicBenchmark.Run(images, selected, !parsed.GetValue(noDetector), Math.Max(1, parsed.GetValue(runs)), loader,
                step => { if (console.Interactive) console.Error.Write($"\r{step,-70}"); }, learned);
            if (console.Interactive) console.Error.Write($"\r{"",-70}\r");

            var megapixelsTotal = images.Sum(image => ImageHeaderReader.Read(new MemoryStream(image.Bytes), image.Name).Pixels / 1e6);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("step")
                .AddColumn(new TableColumn("samples").RightAligned()).AddColumn(new TableColumn("median s").RightAligned())
                .AddColumn(new TableColumn("median s/MP").RightAligned()).AddColumn(new TableColumn("MP/s").RightAligned());
            foreach (var row in rows)
                table.AddRow(Markup.Escape(row.Name), row.Samples.ToString(CultureInfo.InvariantCulture), F(row.MedianSeconds), F(row.MedianSecondsPerMegapixel), F(row.MegapixelsPerSecond));
            console.Out.Write(table);
            using var process = Process.GetCurrentProcess();
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{images.Count} image(s), {megapixelsTotal:0.0} MP in all; peak memory (working set) {process.PeakWorkingSet64 / 1048576.0:0} MiB; {Environment.ProcessorCount} cores"));
            return problems.Count > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
        });
        return command;
    }

    private static string F(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
