namespace Tamper.Tests.Support;

/// <summary>Tests that use libtorch run one after another: libtorch's thread pool is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "libtorch";
}
