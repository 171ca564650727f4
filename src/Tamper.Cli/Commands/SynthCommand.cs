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
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Option<DirectoryInfo[]> Photos { get; } = new("--photos") { Description = "Folders of authentic photos (searched recursively): hosts and splice sources", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo[]> Cutouts { get; } = new("--cutouts") { Description = "Folders of RGBA object cutouts (PNG with alpha) for object splicing", AllowMultipleArgumentsPerToken = true };
        public Option<bool> Documents { get; } = new("--documents") { Description = "Also make documents: rendered certificates, forms, receipts, covers, pages, chat screenshots (needs fonts)" };
        public Option<DirectoryInfo[]> Pages { get; } = new("--pages") { Description = "Folders of document page images to use as document hosts too", AllowMultipleArgumentsPerToken = true };
        public Option<DirectoryInfo?> Pdfs { get; } = new("--pdfs") { Description = "Folder of PDFs: pages rendered with pdftoppm (poppler-utils) are used as document hosts" };
        public Option<int> Count { get; } = new("--count") { Description = "Number of samples", Required = true };
        public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Output folder: images/, masks/, manifest.jsonl", Required = true };
        public Option<int> Seed { get; } = new("--seed") { Description = "Run seed: the same seed and sources give the same files", DefaultValueFactory = _ => 1 };
        public Option<string> Size { get; } = new("--size") { Description = "Long side in px, MIN..MAX or one value", DefaultValueFactory = _ => "512..1024" };
        public Option<double> Authentic { get; } = new("--authentic-share") { Description = "Share of untouched samples (empty masks)", DefaultValueFactory = _ => 0.1 };
        public Option<double> DocumentShare { get; } = new("--document-share") { Description = "With --documents: share of document hosts", DefaultValueFactory = _ => 0.5 };
        public Option<FileInfo?> Preview { get; } = new("--preview") { Description = "Write a contact sheet of the first samples (image beside mask outline)" };
        public Option<int> Threads { get; } = CommonOptions.Threads("Parallel workers");
        public Option<double> Native { get; } = new("--native-share") { Description = "Share of photo hosts cut at the photo's own resolution, no resampling (camera noise kept)", DefaultValueFactory = _ => 0.25 };
        public Option<double> Holdout { get; } = new("--holdout") { Description = "Share of photos and pages never used (a fixed split by file name): authentic validation images", DefaultValueFactory = _ => 0 };
        public Option<DirectoryInfo?> HoldoutOut { get; } = new("--holdout-out") { Description = "Write the held-out photos and pages here as a dataset with empty masks (for tamper train --val)" };

        public IEnumerable<Symbol> All => [Photos, Cutouts, Documents, Pages, Pdfs, Count, Output, Seed, Size, Authentic, DocumentShare, Native, Preview, Threads, Holdout, HoldoutOut];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("synth", "Generate synthetic forgeries with exact masks (splice, copy-move, removal, text edits)", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        if (!SizeRange.TryParse(parsed.GetValue(flags.Size)!, out var minSize, out var maxSize))
        {
            console.Problem($"--size '{parsed.GetValue(flags.Size)}': expected MIN..MAX or one value, 64..8192 px");
            return ExitCodes.UsageError;
        }
        var folders = (parsed.GetValue(flags.Photos) ?? []).Select(folder => folder.FullName).ToList();
        foreach (var missing in folders.Where(folder => !Directory.Exists(folder)))
            console.Problem($"{missing}: folder not found");
        var pageFolders = (parsed.GetValue(flags.Pages) ?? []).Select(folder => folder.FullName).ToList();
        if (parsed.GetValue(flags.Pdfs) is { } pdfFolder)
            pageFolders.Add(PdfPages.Render(pdfFolder.FullName, Path.Combine(Path.GetTempPath(), "tamper-pdf-pages", Path.GetFileName(pdfFolder.FullName.TrimEnd('/')))));
        if (parsed.GetValue(flags.Holdout) is < 0 or >= 1)
        {
            console.Problem("--holdout: a share in 0..1");
            return ExitCodes.UsageError;
        }
        if (ShareOptions.Problem(("--authentic-share", parsed.GetValue(flags.Authentic)), ("--document-share", parsed.GetValue(flags.DocumentShare)), ("--native-share", parsed.GetValue(flags.Native))) is { } shareProblem)
        {
            console.Problem(shareProblem);
            return ExitCodes.UsageError;
        }
        var split = new HoldoutSplit(parsed.GetValue(flags.Holdout));
        var fonts = FontCatalog.Find();
        var sources = new SynthSources(new ImageLibrary(folders, holdout: split), new ImageLibrary((parsed.GetValue(flags.Cutouts) ?? []).Select(folder => folder.FullName), keepAlpha: true),
            new ImageLibrary(pageFolders, holdout: split), fonts);
        if (parsed.GetValue(flags.HoldoutOut) is { } heldOutFolder)
        {
            int written = HoldoutExport.Write([.. sources.Photos.HeldOut, .. sources.Pages.HeldOut], heldOutFolder.FullName);
            console.Error.WriteLine($"tamper: {written} held-out image(s) written to {heldOutFolder.FullName} (empty masks)");
        }
        var options = new SynthOptions(parsed.GetValue(flags.Seed), minSize, maxSize, parsed.GetValue(flags.Authentic), parsed.GetValue(flags.DocumentShare), parsed.GetValue(flags.Documents), parsed.GetValue(flags.Native));
        var generator = new ForgeryGenerator(sources, options);
        console.Error.WriteLine($"tamper: {sources.Photos.Count} photo(s), {sources.Cutouts.Count} cutout(s), {sources.Pages.Count} page image(s); {fonts.Describe()}");
        if (sources.Photos.Count == 0 && !generator.CanMakeDocuments)
        {
            console.Problem("no sources: give --photos folders with images, or --documents with fonts installed");
            return ExitCodes.UsageError;
        }
        var sheet = parsed.GetValue(flags.Preview) is null ? null : new ContactSheet(24);
        var summary = BatchProgress.Run(console, "synthesizing", progress =>
            SynthRunner.Run(generator, parsed.GetValue(flags.Count), parsed.GetValue(flags.Output)!.FullName, parsed.GetValue(flags.Threads), sheet, progress));
        if (sheet is not null) sheet.Save(parsed.GetValue(flags.Preview)!.FullName);
        foreach (var unreadable in sources.Photos.Unreadable.Concat(sources.Cutouts.Unreadable).Concat(sources.Pages.Unreadable))
            console.Problem($"{unreadable}: unreadable, skipped");
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Samples} sample(s) in {summary.Elapsed.TotalSeconds:0.0} s ({summary.Samples / Math.Max(1e-9, summary.Elapsed.TotalSeconds):0.0}/s): {string.Join(", ", summary.Operations.Select(entry => $"{entry.Key} {entry.Value}"))}"));
        return ExitCodes.Success;
    }
}
