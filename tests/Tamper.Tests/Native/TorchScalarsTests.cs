using Shouldly;
using Tamper.Native;
using Tamper.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace Tamper.Tests.Native;

[Collection(TorchCollection.Name)]
public sealed class TorchScalarsTests
{
    [Fact]
    public void One_scalar_per_value_and_it_holds_that_value()
    {
        TorchScalars.Of(3).ShouldBeSameAs(TorchScalars.Of(3.0));
        TorchScalars.Of(3).ShouldNotBeSameAs(TorchScalars.Of(2));
        using var x = full(4, 4, TorchScalars.Of(6));
        using var y = x / TorchScalars.Of(3);
        using var largest = y.max();
        using var smallest = y.min();
        largest.item<float>().ShouldBe(2f);
        smallest.item<float>().ShouldBe(2f);
    }

    [Fact]
    public void A_held_scalar_survives_collections_during_the_operations_that_read_it()
    {
        // a collector thread finalizes whatever is unreachable while the divisions run: a scalar made implicitly for each
        // division (x / 3f) failed here within 0.2 s ("Expected false to be true ... toDouble"); held ones never do
        using var x = ones(64, 64);
        var stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 2)
            {
                using var y = x / TorchScalars.Of(3);
                using var z = y * TorchScalars.Of(3);
                using var total = z.sum();
                total.item<float>().ShouldBe(64 * 64, 0.5f);
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }
}
