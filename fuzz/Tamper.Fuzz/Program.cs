using OpenCvSharp;
using SharpFuzz;
using Tamper;
using Tamper.Imaging;

// Coverage-guided fuzzing of the header reader and loader (docs/fuzzing.md).
//   Tamper.Fuzz --write-seeds DIR   writes small seed images in every format the loader reads
//   Tamper.Fuzz                     runs under afl-fuzz: one input per run on stdin
// An InputFileException is the expected answer to a bad file; any other exception escaping is a crash AFL++ keeps.
if (args is ["--write-seeds", var folder])
{
    Directory.CreateDirectory(folder);
    using var image = new Mat(24, 32, MatType.CV_8UC3);
    Cv2.Randu(image, Scalar.All(0), Scalar.All(255));
    Cv2.GaussianBlur(image, image, new Size(5, 5), 0);
    foreach (var extension in new[] { ".jpg", ".png", ".tif", ".bmp", ".webp" })
        Cv2.ImWrite(Path.Combine(folder, "seed" + extension), image);
    Cv2.ImWrite(Path.Combine(folder, "seed-progressive.jpg"), image, new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1));
    return;
}

// instrumented code (Tamper, MetadataExtractor) may only run inside Fuzzer.Run: before it the coverage map does not exist
Fuzzer.OutOfProcess.Run(stream =>
{
    var loader = new ImageLoader(new ImageLimits(MaxPixels: 16_000_000));
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    try
    {
        using var image = loader.Load(copy.ToArray(), "fuzz-input");
    }
    catch (InputFileException)
    {
    }
});
