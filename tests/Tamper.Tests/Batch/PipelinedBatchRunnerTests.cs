using Tamper.Batch;

namespace Tamper.Tests.Batch;

public sealed class PipelinedBatchRunnerTests
{
    private sealed class Counted(string id, List<string> disposed) : IDisposable
    {
        public string Id { get; } = id;

        public void Dispose()
        {
            lock (disposed)
                disposed.Add(Id);
        }
    }

    private static IReadOnlyList<BatchItem> Items(int count) => [.. Enumerable.Range(0, count).Select(index => new BatchItem($"i{index}", $"/in/i{index}.png"))];

    [Fact]
    public void Items_flow_through_the_three_stages_in_order_and_problems_in_any_stage_are_one_line_each()
    {
        var disposed = new List<string>();
        var written = new List<string>();
        var items = Items(8);
        var summary = PipelinedBatchRunner.Run(items, item => item.Id == "i1",
            item => item.Id == "i2" ? throw new InputFileException(item.Path, "unreadable") : new Counted(item.Id, disposed),
            (item, loaded) => item.Id == "i4" ? throw new InvalidDataException("bad data") : new Counted(loaded.Id + "-result", disposed),
            (item, _, _) =>
            {
                if (item.Id == "i6") throw new OpenCvSharp.OpenCVException(OpenCvSharp.ErrorCode.StsError, "ImWrite", "write", "file", 1);
                written.Add(item.Id);
            },
            earlierProblems: ["earlier"]);

        summary.Processed.ShouldBe(["i0", "i3", "i5", "i7"]);
        written.ShouldBe(["i0", "i3", "i5", "i7"]);
        summary.Skipped.ShouldBe(["i1"]);
        summary.Failures.Count.ShouldBe(4);
        summary.Failures[0].ShouldBe("earlier");
        summary.Failures.ShouldContain(line => line.Contains("unreadable"));
        summary.Failures.ShouldContain(line => line.StartsWith("/in/i4.png: bad data", StringComparison.Ordinal));
        summary.Failures.ShouldContain(line => line.StartsWith("/in/i6.png: processing failed in OpenCV", StringComparison.Ordinal));
        // everything loaded or computed is disposed, failed items included
        disposed.Order().ShouldBe(new[] { "i0", "i0-result", "i3", "i3-result", "i4", "i5", "i5-result", "i6", "i6-result", "i7", "i7-result" }.Order());
    }

    [Fact]
    public void A_fault_of_the_tool_stops_the_batch_and_reaches_the_caller()
    {
        var disposed = new List<string>();
        var written = new List<string>();
        Should.Throw<NullReferenceException>(() => PipelinedBatchRunner.Run(Items(50), _ => false,
            item => new Counted(item.Id, disposed),
            (item, loaded) => item.Id == "i3" ? throw new NullReferenceException("bug") : new Counted(loaded.Id + "-result", disposed),
            (item, _, _) => written.Add(item.Id)));
        written.Count.ShouldBeLessThan(4);
    }

    [Fact]
    public void Progress_counts_every_item_once()
    {
        var seen = new List<(int Done, int Total)>();
        var disposed = new List<string>();
        PipelinedBatchRunner.Run(Items(5), item => item.Id == "i0",
            item => new Counted(item.Id, disposed), (_, loaded) => new Counted(loaded.Id + "r", disposed), (_, _, _) => { },
            progress: (done, total) => seen.Add((done, total)));
        seen.Select(entry => entry.Done).ShouldBe([1, 2, 3, 4, 5]);
        seen.All(entry => entry.Total == 5).ShouldBeTrue();
    }
}
