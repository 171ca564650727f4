using Spectre.Console;
using Tamper.Batch;
using Tamper.Imaging;

namespace Tamper.Cli.Output;

/// <summary>The end of every batch command: one summary line and the exit code (failures were printed as they happened).</summary>
public static class BatchReport
{
    public static int Finish(CliConsole console, BatchSummary summary, string noun, string outputFolder)
    {
        // the library names the pixel limit; the flag that raises it is the command line's business
        if (summary.Failures.Any(failure => failure.Contains(ImageLimits.PixelLimitName, StringComparison.Ordinal)))
            console.Problem("images above the pixel limit were refused: raise it with --max-megapixels");
        var skipped = summary.Skipped.Count > 0 ? $", {summary.Skipped.Count} skipped (outputs exist; --overwrite recomputes)" : "";
        console.Out.WriteLine($"{summary.Processed.Count} {noun} processed{skipped}, {summary.Failures.Count} failed{(summary.HasFailures ? " (listed above)" : "")}; outputs in {outputFolder}");
        return summary.HasFailures ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
    }
}
