using System.CommandLine;
using Spectre.Console;
using Tamper.Data;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper dataset</c>: recognizes a dataset folder's layout and reports what does not pair up.</summary>
public static class DatasetCommand
{
    public static Command Create(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Dataset root (images/ + masks/, img/ + mask/, train/ + train_mask/ or Tp/ + Gt/)" }
            .AcceptExistingOnly();
        var maxMegapixels = CommonOptions.MaxMegapixels();
        var command = new Command("dataset", "Check a dataset folder: layout, image/mask pairs, sizes, 0/1 masks")
        {
            folder, maxMegapixels,
        };
        command.SetAction(parsed =>
        {
            var loader = CommonOptions.Loader(parsed.GetValue(maxMegapixels));
            var dataset = new DatasetReader(new Tamper.Imaging.MaskReader(loader)).Open(parsed.GetValue(folder)!.FullName, inspectMasks: true);
            console.Out.WriteLine($"{dataset.Root}: layout {dataset.Layout.Name}, {dataset.Pairs.Count} image/mask pair(s)");
            foreach (var line in dataset.Report.Describe())
                console.Problem(line);
            return dataset.Report.IsClean ? ExitCodes.Success : ExitCodes.SomeInputsFailed;
        });
        return command;
    }
}
