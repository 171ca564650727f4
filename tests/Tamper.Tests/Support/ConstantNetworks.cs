using Tamper.Model;
using Tamper.Native;
using static TorchSharp.torch;

namespace Tamper.Tests.Support;

/// <summary>Networks whose outputs are known in advance: every pixel and every image get fixed probabilities.</summary>
public static class ConstantNetworks
{
    /// <summary>A small U-Net whose heads ignore their input: only the biases speak.</summary>
    public static LocalizerNetwork Create(double pixelProbability, double imageProbability)
    {
        var network = NetworkRegistry.Create(new NetworkSpec("unet-small", Width: 8));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name.StartsWith("_head.", StringComparison.Ordinal) || name.StartsWith("_imageHead.", StringComparison.Ordinal))
                parameter.zero_();
        }
        network.named_parameters().Single(entry => entry.name == "_head.bias").parameter.fill_(TorchScalars.Of(Logit(pixelProbability)));
        network.named_parameters().Single(entry => entry.name == "_imageHead.bias").parameter.fill_(TorchScalars.Of(Logit(imageProbability)));
        network.eval();
        return network;
    }

    private static double Logit(double probability) => Math.Log(probability / (1 - probability));
}
