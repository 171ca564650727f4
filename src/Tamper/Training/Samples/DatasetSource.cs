using Tamper.Data;
using Tamper.Data.Synthesis;
using Tamper.Imaging;

namespace Tamper.Training.Samples;

/// <summary>Image/mask pairs of dataset folders, drawn at random; decoded on each draw (a large set does not fit in memory).</summary>
public sealed class DatasetSource : ISampleSource
{
    private readonly IReadOnlyList<SamplePair> _pairs;
    private readonly ImageLoader _loader;
    private readonly MaskReader _masks;

    public DatasetSource(IReadOnlyList<SamplePair> pairs, ImageLoader? loader = null)
    {
        if (pairs.Count == 0) throw new ArgumentException("no image/mask pairs", nameof(pairs));
        _pairs = pairs;
        _loader = loader ?? new ImageLoader();
        _masks = new MaskReader(_loader);
    }

    public string Name => "datasets";

    public int Count => _pairs.Count;

    public TrainingSample Draw(SynthRandom random, int index) => ReadableDraw.From(random, _pairs, pair =>
    {
        using var image = _loader.Load(pair.ImagePath, PixelLayout.Bgr);
        using var mask = _masks.Read(pair.MaskPath);
        if (image.Width != mask.Width || image.Height != mask.Height)
            throw new InputFileException(pair.MaskPath, "mask size differs from the image");
        return new TrainingSample(image.Pixels.Clone(), mask.Binary.Clone());
    });
}
