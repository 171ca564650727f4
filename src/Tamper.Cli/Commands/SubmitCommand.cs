using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Submission;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper submit</c>: packages masks as a contest submission zip, refusing on any problem.</summary>
public static class SubmitCommand
{
    /// <summary>The command's options, declared once; the handler reads their values through it.</summary>
    private sealed class Flags
    {
        public Option<DirectoryInfo> Predictions { get; } = CommonOptions.ExistingFolder("--pred", "Folder of predicted masks (<id>.png, values 0/255)");
        public Option<DirectoryInfo> Images { get; } = CommonOptions.ExistingFolder("--images", "Folder of the test images (every one needs a mask)");
        public Option<FileInfo> Output { get; } = new("--out") { Description = "The zip to write (images/<id>.png inside)", Required = true };
        public Option<double> MaxMegapixels { get; } = CommonOptions.MaxMegapixels();

        public IEnumerable<Symbol> All => [Predictions, Images, Output, MaxMegapixels];
    }

    public static Command Create(CliConsole console)
    {
        var flags = new Flags();
        var command = CommonOptions.Command("submit", "Package predicted masks as a contest submission zip (make them with detect --contest: every test image is edited, so no mask should be empty)", flags.All);
        command.SetAction(parsed => Handle(console, flags, parsed));
        return command;
    }

    private static int Handle(CliConsole console, Flags flags, ParseResult parsed)
    {
        var builder = new SubmissionBuilder(CommonOptions.Loader(parsed.GetValue(flags.MaxMegapixels)));
        var zip = parsed.GetValue(flags.Output)!.FullName;
        var result = BatchProgress.Run(console, "packaging", progress =>
            builder.Build(parsed.GetValue(flags.Predictions)!.FullName, parsed.GetValue(flags.Images)!.FullName, zip, progress));
        foreach (var problem in result.Problems)
            console.Problem(problem);
        if (!result.Succeeded)
        {
            console.Problem($"submission refused: {result.Problems.Count} problem(s); {zip} was not written");
            return ExitCodes.SomeInputsFailed;
        }
        console.Out.WriteLine($"wrote {zip}: {result.Packaged} mask(s) for {result.TestImages} test image(s)");
        return ExitCodes.Success;
    }
}
