using Tamper.Model.Networks;
using Tamper.Model.Pretrained;

namespace Tamper.Model;

/// <summary>Networks by name; an unknown name is an error that lists the known ones.</summary>
public static class NetworkRegistry
{
    public static IReadOnlyList<string> Names { get; } = [ResNetUNet.NetworkName, ResNetUNet.NoiseprintNetworkName, SmallUNet.NetworkName];

    /// <summary>
    /// Builds the network. With <paramref name="loadPretrained"/> and a spec that asks for it, the encoder
    /// starts from the ImageNet weights (a new training run); a checkpoint overwrites all weights anyway.
    /// </summary>
    public static LocalizerNetwork Create(NetworkSpec spec, bool loadPretrained = false)
    {
        switch (spec.Name.Trim().ToLowerInvariant())
        {
            case ResNetUNet.NetworkName:
                var network = new ResNetUNet(spec);
                if (spec.Pretrained && loadPretrained)
                    ResNet18Weights.Load(ResNet18Weights.DefaultPath()).CopyInto(network.Encoder);
                return network;
            case ResNetUNet.NoiseprintNetworkName:
                var withNoiseprint = new ResNetUNet(spec, noiseprint: true);
                if (spec.Pretrained && loadPretrained)
                    ResNet18Weights.Load(ResNet18Weights.DefaultPath()).CopyInto(withNoiseprint.Encoder);
                // frozen and never trained: always the published weights (a checkpoint holds the same values)
                NoiseprintWeights.Load(NoiseprintWeights.DefaultPath()).CopyInto(withNoiseprint.Noiseprint!);
                return withNoiseprint;
            case SmallUNet.NetworkName:
                return new SmallUNet(spec with { Pretrained = false });
            default:
                throw new UnknownNameException("network", spec.Name, Names);
        }
    }
}
