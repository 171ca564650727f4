using Tamper.Cli.Serve;

namespace Tamper.Tests.Serving;

public sealed class BurstReleaseTests
{
    [Fact]
    public void Memory_is_released_once_when_the_last_upload_of_a_burst_with_a_large_one_ends()
    {
        int releases = 0;
        var burst = new BurstRelease(largeBytes: 100, () => releases++);

        var small = burst.Enter(10);
        var large = burst.Enter(500);
        var refused = burst.Enter(null);
        large.Dispose();
        small.Dispose();
        releases.ShouldBe(0, "an upload is still in flight");
        refused.Dispose();
        releases.ShouldBe(1);
        refused.Dispose(); // a second dispose of one upload changes nothing
        releases.ShouldBe(1);

        // a burst of small uploads only: nothing to hand back
        using (burst.Enter(10)) { }
        releases.ShouldBe(1);
        // the next large burst releases again
        using (burst.Enter(1000)) { }
        releases.ShouldBe(2);
    }
}
