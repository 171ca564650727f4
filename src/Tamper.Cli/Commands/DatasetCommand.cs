using System.CommandLine;
using Spectre.Console;
using Tamper.Data;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper dataset</c>: recognizes a dataset folder's layout and reports what does not pair up.</summary>
public static class DatasetCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Argument<DirectoryInfo> Folder { get; } = new Argument<DirectoryInfo>("folder") { Description = "Dataset root (images/ + masks/, img/ + mask/, train/ + train_mask/ or Tp/ + Gt/)" }
            .AcceptExistingOnly();
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();

        public IEnumerable<Symbol> All => [Folder, MaxMegapixels];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("dataset", "Check a dataset folder: layout, image/mask pairs, sizes, 0/1 masks", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        var loader = CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels));
        var dataset = new DatasetReader(new Tamper.Imaging.MaskReader(loader)).Open(parsed.GetValue(flags.Folder)!.FullName, inspectMasks: true);
        console.Out.WriteLine($"{dataset.Root}: layout {dataset.Layout.Name}, {dataset.Pairs.Count} image/mask pair(s)");
        foreach (var line in dataset.Report.Describe())
            console.Problem(line);
        return dataset.Report.IsClean ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
    }
}
