using Spectre.Console;
using Tamper.Batch;

namespace Tamper.Cli.Output;

/// <summary>The end of every batch command: failures on stderr, one summary line, the exit code.</summary>
public static class BatchReport
{
    public static int Finish(CliConsole console, BatchSummary summary, string noun, string outputFolder)
    {
        foreach (var failure in summary.Failures)
            console.Problem(failure);
        var skipped = summary.Skipped.Count > 0 ? $", {summary.Skipped.Count} skipped (outputs exist; --overwrite recomputes)" : "";
        console.Out.WriteLine($"{summary.Processed.Count} {noun} processed{skipped}, {summary.Failures.Count} failed; outputs in {outputFolder}");
        return summary.HasFailures ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
    }
}
