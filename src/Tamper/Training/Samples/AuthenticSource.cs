using OpenCvSharp;
using Tamper.Data.Synthesis;
using Tamper.Imaging;

namespace Tamper.Training.Samples;

/// <summary>
/// Untouched images (folders without masks) drawn at random with an empty mask: real negatives, such as the
/// unedited originals of real forgeries — the same picture without the edit, the hardest negative there is.
/// </summary>
public sealed class AuthenticSource : ISampleSource
{
    private readonly IReadOnlyList<string> _paths;
    private readonly ImageLoader _loader;

    public AuthenticSource(IReadOnlyList<string> paths, ImageLoader? loader = null)
    {
        if (paths.Count == 0) throw new ArgumentException("no authentic images", nameof(paths));
        _paths = paths;
        _loader = loader ?? new ImageLoader();
    }

    public string Name => "authentic";

    public int Count => _paths.Count;

    public TrainingSample Draw(SynthRandom random, int index) => ReadableDraw.From(random, _paths, path =>
    {
        using var image = _loader.Load(path, PixelLayout.Bgr);
        return new TrainingSample(image.Pixels.Clone(), new Mat(image.Height, image.Width, MatType.CV_8UC1, Scalar.All(0)));
    });
}
