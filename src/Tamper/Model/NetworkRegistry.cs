using Tamper.Model.Networks;
using Tamper.Model.Pretrained;

namespace Tamper.Model;

/// <summary>Networks by name (a <see cref="Registry{T}"/>: the listing and the lookup are one table).</summary>
public static class NetworkRegistry
{
    /// <summary>Builds a network from its spec; the flag says whether to load the pretrained encoder weights.</summary>
    private static readonly Registry<Func<NetworkSpec, bool, LocalizerNetwork>> Table = new("network",
    [
        (ResNetUNet.NetworkName, (spec, loadPretrained) =>
        {
            var network = new ResNetUNet(spec);
            if (spec.Pretrained && loadPretrained)
                ResNet18Weights.Load(ResNet18Weights.DefaultPath()).CopyInto(network.Encoder);
            return network;
        }),
        (ResNetUNet.NoiseprintNetworkName, (spec, loadPretrained) =>
        {
            var network = new ResNetUNet(spec, noiseprint: true);
            if (spec.Pretrained && loadPretrained)
                ResNet18Weights.Load(ResNet18Weights.DefaultPath()).CopyInto(network.Encoder);
            // frozen and never trained: always the published weights (a checkpoint holds the same values)
            NoiseprintWeights.Load(NoiseprintWeights.DefaultPath()).CopyInto(network.Noiseprint!);
            return network;
        }),
        (SmallUNet.NetworkName, (spec, _) => new SmallUNet(spec with { Pretrained = false })),
    ]);

    public static IReadOnlyList<string> Names => Table.Names;

    /// <summary>
    /// Builds the network. With <paramref name="loadPretrained"/> and a spec that asks for it, the encoder
    /// starts from the ImageNet weights (a new training run); a checkpoint overwrites all weights anyway.
    /// </summary>
    public static LocalizerNetwork Create(NetworkSpec spec, bool loadPretrained = false) => Table.Resolve(spec.Name)(spec, loadPretrained);
}
