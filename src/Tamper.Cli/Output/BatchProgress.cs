using Spectre.Console;

namespace Tamper.Cli.Output;

/// <summary>Runs a batch with a live progress bar and ETA on a terminal, and silently otherwise.</summary>
public static class BatchProgress
{
    public static T Run<T>(CliConsole console, string description, Func<Action<int, int>?, T> work)
    {
        if (!console.Interactive)
            return work(null);
        return console.Out.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, autoStart: true);
                return work((done, total) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                });
            });
    }
}
