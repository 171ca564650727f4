using Tamper.Native;
using Tamper.Tests.Support;
using TorchSharp;

namespace Tamper.Tests.Native;

[Collection(TorchCollection.Name)]
public sealed class NativeRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        NativeRuntime.TorchProbe().ShouldBe(12f);
        var check = NativeRuntime.Torch();
        check.Ok.ShouldBeTrue(check.Detail);
    }

    [Fact]
    public void A_convolution_gives_the_hand_computed_result()
    {
        using var scope = torch.NewDisposeScope();
        // 3x3 input 1..9, 2x2 kernel of ones, no padding: each output is the sum of a 2x2 window.
        var input = torch.arange(1, 10, dtype: torch.float32).reshape(1, 1, 3, 3);
        var kernel = torch.ones(1, 1, 2, 2);

        var output = torch.nn.functional.conv2d(input, kernel);

        output.flatten().data<float>().ToArray().ShouldBe([12f, 16f, 24f, 28f]);
    }

    [Fact]
    public void OpenCv_loads()
    {
        var check = NativeRuntime.OpenCv();
        check.Ok.ShouldBeTrue(check.Detail);
        check.Detail.ShouldStartWith("4.");
    }
}
