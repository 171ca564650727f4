using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Data;
using Tamper.Data.Synthesis;
using Tamper.Data.Synthesis.Sources;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper synth</c>: synthetic forgeries with exact masks, for training.</summary>
public static class SynthCommand
{
    public static Command Create(CliConsole console)
    {
        var photos = new Option<DirectoryInfo[]>("--photos") { Description = "Folders of authentic photos (searched recursively): hosts and splice sources", AllowMultipleArgumentsPerToken = true };
        var cutouts = new Option<DirectoryInfo[]>("--cutouts") { Description = "Folders of RGBA object cutouts (PNG with alpha) for object splicing", AllowMultipleArgumentsPerToken = true };
        var documents = new Option<bool>("--documents") { Description = "Also make documents: rendered certificates, forms, receipts, covers, pages, chat screenshots (needs fonts)" };
        var pages = new Option<DirectoryInfo[]>("--pages") { Description = "Folders of document page images to use as document hosts too", AllowMultipleArgumentsPerToken = true };
        var pdfs = new Option<DirectoryInfo?>("--pdfs") { Description = "Folder of PDFs: pages rendered with pdftoppm (poppler-utils) are used as document hosts" };
        var count = new Option<int>("--count") { Description = "Number of samples", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: images/, masks/, manifest.jsonl", Required = true };
        var seed = new Option<int>("--seed") { Description = "Run seed: the same seed and sources give the same files", DefaultValueFactory = _ => 1 };
        var size = new Option<string>("--size") { Description = "Long side in px, MIN..MAX or one value", DefaultValueFactory = _ => "512..1024" };
        var authentic = new Option<double>("--authentic-share") { Description = "Share of untouched samples (empty masks)", DefaultValueFactory = _ => 0.1 };
        var documentShare = new Option<double>("--document-share") { Description = "With --documents: share of document hosts", DefaultValueFactory = _ => 0.5 };
        var preview = new Option<FileInfo?>("--preview") { Description = "Write a contact sheet of the first samples (image beside mask outline)" };
        var threads = CommonOptions.Threads("Parallel workers");
        var native = new Option<double>("--native-share") { Description = "Share of photo hosts cut at the photo's own resolution, no resampling (camera noise kept)", DefaultValueFactory = _ => 0.25 };
        var holdout = new Option<double>("--holdout") { Description = "Share of photos and pages never used (a fixed split by file name): authentic validation images", DefaultValueFactory = _ => 0 };
        var holdoutOut = new Option<DirectoryInfo?>("--holdout-out") { Description = "Write the held-out photos and pages here as a dataset with empty masks (for tamper train --val)" };

        var command = new Command("synth", "Generate synthetic forgeries with exact masks (splice, copy-move, removal, text edits)")
        {
            photos, cutouts, documents, pages, pdfs, count, output, seed, size, authentic, documentShare, native, preview, threads, holdout, holdoutOut,
        };
        command.SetAction(parsed =>
        {
            if (!SizeRange.TryParse(parsed.GetValue(size)!, out var minSize, out var maxSize))
            {
                console.Problem($"--size '{parsed.GetValue(size)}': expected MIN..MAX or one value, 64..8192 px");
                return ExitCodes.UsageError;
            }
            var folders = (parsed.GetValue(photos) ?? []).Select(folder => folder.FullName).ToList();
            foreach (var missing in folders.Where(folder => !Directory.Exists(folder)))
                console.Problem($"{missing}: folder not found");
            var pageFolders = (parsed.GetValue(pages) ?? []).Select(folder => folder.FullName).ToList();
            if (parsed.GetValue(pdfs) is { } pdfFolder)
                pageFolders.Add(PdfPages.Render(pdfFolder.FullName, Path.Combine(Path.GetTempPath(), "tamper-pdf-pages", Path.GetFileName(pdfFolder.FullName.TrimEnd('/')))));
            if (parsed.GetValue(holdout) is < 0 or >= 1)
            {
                console.Problem("--holdout: a share in 0..1");
                return ExitCodes.UsageError;
            }
            if (ShareOptions.Problem(("--authentic-share", parsed.GetValue(authentic)), ("--document-share", parsed.GetValue(documentShare)), ("--native-share", parsed.GetValue(native))) is { } shareProblem)
            {
                console.Problem(shareProblem);
                return ExitCodes.UsageError;
            }
            var split = new HoldoutSplit(parsed.GetValue(holdout));
            var fonts = FontCatalog.Find();
            var sources = new SynthSources(new ImageLibrary(folders, holdout: split), new ImageLibrary((parsed.GetValue(cutouts) ?? []).Select(folder => folder.FullName), keepAlpha: true),
                new ImageLibrary(pageFolders, holdout: split), fonts);
            if (parsed.GetValue(holdoutOut) is { } heldOutFolder)
            {
                int written = HoldoutExport.Write([.. sources.Photos.HeldOut, .. sources.Pages.HeldOut], heldOutFolder.FullName);
                console.Error.WriteLine($"tamper: {written} held-out image(s) written to {heldOutFolder.FullName} (empty masks)");
            }
            var options = new SynthOptions(parsed.GetValue(seed), minSize, maxSize, parsed.GetValue(authentic), parsed.GetValue(documentShare), parsed.GetValue(documents), parsed.GetValue(native));
            var generator = new ForgeryGenerator(sources, options);
            console.Error.WriteLine($"tamper: {sources.Photos.Count} photo(s), {sources.Cutouts.Count} cutout(s), {sources.Pages.Count} page image(s); {fonts.Describe()}");
            if (sources.Photos.Count == 0 && !generator.CanMakeDocuments)
            {
                console.Problem("no sources: give --photos folders with images, or --documents with fonts installed");
                return ExitCodes.UsageError;
            }
            var sheet = parsed.GetValue(preview) is null ? null : new ContactSheet(24);
            var summary = BatchProgress.Run(console, "synthesizing", progress =>
                SynthRunner.Run(generator, parsed.GetValue(count), parsed.GetValue(output)!.FullName, parsed.GetValue(threads), sheet, progress));
            if (sheet is not null) sheet.Save(parsed.GetValue(preview)!.FullName);
            foreach (var unreadable in sources.Photos.Unreadable.Concat(sources.Cutouts.Unreadable).Concat(sources.Pages.Unreadable))
                console.Problem($"{unreadable}: unreadable, skipped");
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Samples} sample(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.Samples / Math.Max(1e-9, summary.Elapsed.TotalSeconds):0.0}/s): {string.Join(", ", summary.Operations.Select(entry => $"{entry.Key} {entry.Value}"))}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
