using OpenCvSharp;
using Tamper.Data.Synthesis;
using Tamper.Data.Synthesis.Sources;
using Tamper.Tests.Support;

namespace Tamper.Tests.Synthesis;

/// <summary>Sources for generator tests, built in a temp folder: photo-like JPEGs and RGBA cutouts; fonts from the system.</summary>
public sealed class SynthFixture : IDisposable
{
    private readonly TempFolder _temp = new();

    public SynthFixture()
    {
        for (int i = 0; i < 6; i++)
        {
            using var photo = Masks.ColorImage(420 + 20 * i, 320, seed: 100 + i);
            using var shading = new Mat(photo.Size(), MatType.CV_8UC3);
            Cv2.Resize(Mat.FromPixelData(2, 2, MatType.CV_8UC3, new byte[] { (byte)(20 * i), 90, 160, 200, 80, 40, 60, 200, 90, 30, 60, (byte)(250 - 20 * i) }),
                shading, photo.Size(), 0, 0, InterpolationFlags.Linear);
            Cv2.AddWeighted(photo, 0.5, shading, 0.5, 0, photo);
            Masks.Write(_temp.File($"photos/set{i % 2}/photo{i}.jpg"), photo);
        }
        for (int i = 0; i < 3; i++)
        {
            using var color = Masks.ColorImage(120, 100, seed: 200 + i);
            using var alpha = new Mat(100, 120, MatType.CV_8UC1, Scalar.All(0));
            Cv2.Ellipse(alpha, new Point(60, 50), new Size(45 - 5 * i, 35), 0, 0, 360, Scalar.All(255), -1);
            using var rgba = new Mat();
            Cv2.Merge([.. color.Split(), alpha], rgba);
            Masks.Write(_temp.File($"cutouts/object{i}.png"), rgba);
        }
        Fonts = FontCatalog.Find();
        Sources = new SynthSources(new ImageLibrary([_temp.Folder("photos")]), new ImageLibrary([_temp.Folder("cutouts")], keepAlpha: true), new ImageLibrary([]), Fonts);
    }

    public FontCatalog Fonts { get; }

    public SynthSources Sources { get; }

    public string TempPath => _temp.Path;

    public bool HasFonts => Fonts.Latin.Count > 0 && Fonts.Chinese.Count > 0;

    public void RequireFonts() =>
        Skip.IfNot(HasFonts, $"document fonts are not installed ({FontCatalog.InstallHint}; ./run-tests installs them)");

    public void Dispose() => _temp.Dispose();
}
