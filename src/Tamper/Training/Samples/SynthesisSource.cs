using Tamper.Data.Synthesis;
using Tamper.Imaging;

namespace Tamper.Training.Samples;

/// <summary>
/// Fresh synthetic forgeries made on the fly (never the same one twice), decoded from the generator's
/// final file bytes so the network sees the real compression history.
/// </summary>
public sealed class SynthesisSource(ForgeryGenerator generator) : ISampleSource
{
    private readonly ImageLoader _loader = new();

    public string Name => "synthesis";

    public ForgeryGenerator Generator { get; } = generator;

    public TrainingSample Draw(SynthRandom random, int index)
    {
        using var sample = Generator.Generate(index);
        using var image = _loader.Load(sample.FileBytes, sample.Id + sample.Extension, PixelLayout.Bgr);
        return new TrainingSample(image.Pixels.Clone(), sample.Mask.Clone());
    }
}
