using OpenCvSharp;
using Tamper.Batch;
using Tamper.Cli;
using Tamper.Tests.Support;

namespace Tamper.Tests.Cli;

/// <summary><c>detect --shard K/N</c>: N runs over one folder write exactly what one run writes.</summary>
public sealed class ShardTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Shards_partition_ids_disjointly_and_completely_whatever_the_order()
    {
        var ids = Enumerable.Range(0, 3000).Select(i => $"img_{i:D5}").ToList();
        var shards = Enumerable.Range(1, 7).Select(k => new Shard(k, 7)).ToList();

        foreach (var id in ids)
            shards.Count(shard => shard.Contains(id)).ShouldBe(1, id);
        shards.ShouldAllBe(shard => ids.Count(shard.Contains) > 300, "the parts are of similar size");
        var items = ids.Select(id => new BatchItem(id, id + ".png")).ToList();
        shards[2].Select(items).Select(item => item.Id).Order()
            .ShouldBe(shards[2].Select([.. Enumerable.Reverse(items)]).Select(item => item.Id).Order());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("2")]
    [InlineData("-1/3")]
    public void A_bad_shard_is_a_usage_error(string text)
    {
        Should.Throw<FormatException>(() => Shard.Parse(text));
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(32, 32));

        var run = CliRun.Of("detect", _temp.Folder("in"), "--out", _temp.Path + "/m", "--method", "classical", "--shard", text);

        run.ExitCode.ShouldBe(ExitCodes.UsageError);
        run.Error.ShouldContain("--shard");
        Directory.Exists(_temp.Path + "/m").ShouldBeFalse();
    }

    [Fact]
    public async Task Three_shards_in_parallel_write_the_same_files_as_one_run()
    {
        for (int i = 0; i < 15; i++)
            Masks.Write(_temp.File($"in/photo{i:D2}.png"), Masks.ColorImage(96, 64, seed: i + 1));
        string[] Detect(string output, params string[] more) =>
            ["detect", _temp.Path + "/in", "--out", output, "--method", "classical", "--analyzers", "ela,noise", .. more];

        CliRun.Of(Detect(_temp.Path + "/one")).ExitCode.ShouldBe(ExitCodes.Success);
        var shards = Enumerable.Range(1, 3)
            .Select(k => Task.Run(() => CliRun.Of(Detect(_temp.Path + "/sharded", "--shard", $"{k}/3", "--json", _temp.Path + $"/shard{k}.json"))))
            .ToArray();
        var runs = await Task.WhenAll(shards);

        runs.ShouldAllBe(run => run.ExitCode == ExitCodes.Success);
        var processed = runs.Select(run => int.Parse(run.Out.Split('\n').Last(line => line.Contains("processed")).Split(' ')[0])).ToList();
        processed.Sum().ShouldBe(15, "every image in exactly one shard");
        var one = Directory.GetFiles(_temp.Path + "/one", "*.png").Select(Path.GetFileName).Order().ToList();
        Directory.GetFiles(_temp.Path + "/sharded", "*.png").Select(Path.GetFileName).Order().ShouldBe(one);
        foreach (var name in one)
        {
            using var expected = Cv2.ImRead(Path.Combine(_temp.Path, "one", name!), ImreadModes.Unchanged);
            using var actual = Cv2.ImRead(Path.Combine(_temp.Path, "sharded", name!), ImreadModes.Unchanged);
            Cv2.CountNonZero(expected ^ actual).ShouldBe(0, name);
        }
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_not_a_missing_input()
    {
        Masks.Write(_temp.File("in/a.png"), Masks.ColorImage(32, 32));

        var run = CliRun.Of("detect", _temp.File("in/a.png"), "--bogus", "1/3", "--out", _temp.Path + "/m", "--method", "classical");

        run.ExitCode.ShouldBe(ExitCodes.UsageError);
        run.Error.ShouldContain("unknown option '--bogus'");
        Directory.Exists(_temp.Path + "/m").ShouldBeFalse("nothing was processed");
    }
}
