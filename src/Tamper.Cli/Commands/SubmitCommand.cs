using System.CommandLine;
using Spectre.Console;
using Tamper.Cli.Output;
using Tamper.Submission;

namespace Tamper.Cli.Commands;

/// <summary><c>tamper submit</c>: packages masks as a contest submission zip, refusing on any problem.</summary>
public static class SubmitCommand
{
    public static Command Create(CliConsole console)
    {
        var predictions = CommonOptions.ExistingFolder("--pred", "Folder of predicted masks (<id>.png, values 0/255)");
        var images = CommonOptions.ExistingFolder("--images", "Folder of the test images (every one needs a mask)");
        var output = new Option<FileInfo>("--out") { Description = "The zip to write (images/<id>.png inside)", Required = true };
        var maxMegapixels = CommonOptions.MaxMegapixels();

        var command = new Command("submit", "Package predicted masks as a contest submission zip (make them with detect --contest: every test image is edited, so no mask should be empty)")
        {
            predictions, images, output, maxMegapixels,
        };
        command.SetAction(parsed =>
        {
            var builder = new SubmissionBuilder(CommonOptions.Loader(parsed.GetValue(maxMegapixels)));
            var zip = parsed.GetValue(output)!.FullName;
            var result = BatchProgress.Run(console, "packaging", progress =>
                builder.Build(parsed.GetValue(predictions)!.FullName, parsed.GetValue(images)!.FullName, zip, progress));
            foreach (var problem in result.Problems)
                console.Problem(problem);
            if (!result.Succeeded)
            {
                console.Problem($"submission refused: {result.Problems.Count} problem(s); {zip} was not written");
                return ExitCodes.SomeInputsFailed;
            }
            console.Out.WriteLine($"wrote {zip}: {result.Packaged} mask(s) for {result.TestImages} test image(s)");
            return ExitCodes.Success;
        });
        return command;
    }
}
