using OpenCvSharp;
using Tamper.Forensics.CopyMove;

namespace Tamper.Forensics;

/// <summary>
/// Copy-move detection: bit-exact copies in losslessly saved images at full resolution (<see cref="ExactCopyMatcher"/>:
/// pasted glyphs and icons in screenshots), keypoint matching with one verified similarity transform per copied region
/// (<see cref="KeypointMatcher"/>), plus dense block matching for low-texture regions
/// (<see cref="BlockMatcher"/>), which run only where no exact copy was found. A lossless image that repeats itself bit
/// for bit at more offsets than a forger pastes pieces (<see cref="ExactCopyMatcher.MaxCopies"/>: text drawn at whole
/// pixels) is its own rendering: no copies are reported there, by any matcher (finding <see cref="RenderedFinding"/>). Keypoints run at a working resolution of
/// at most 1.5 MP (blocks: 0.3 MP), so their cost does not grow with the image; exact copies are looked for up to
/// <see cref="ExactCopyMatcher.MaxPixels"/>. Map: both the source and the copy of each region (1), else 0; findings:
/// each region's transform.
/// </summary>
public sealed class CopyMoveAnalyzer : IForensicAnalyzer
{
    public const long KeypointWorkingPixels = 1_500_000;
    public const long BlockWorkingPixels = 300_000;

    public string Name => "copymove";

    /// <summary>Finding key of a region copied bit for bit (<see cref="ExactCopyMatcher"/>): verified on its own.</summary>
    public const string ExactFinding = "copymove.exact";

    /// <summary>Finding key of a region found by the approximate matchers (keypoints, blocks).</summary>
    public const string RegionFinding = "copymove.region";

    /// <summary>Finding key of a lossless image whose bit-exact repeats are its own rendering, not copies (<see cref="ExactCopyMatcher.MaxCopies"/>).</summary>
    public const string RenderedFinding = "copymove.rendered";

    /// <summary>Whether this analyzer's result holds bit-exact copies (<see cref="ExactFinding"/>): then its map is those copies alone, which the detectors take as their whole map.</summary>
    public static bool FoundExactCopies(AnalysisResult result) => result.Findings.Any(finding => finding.Key == ExactFinding);

    public string Description => "copy-move: exact copies (lossless images), SIFT keypoints with geometric verification, dense block matching";

    public AnalysisResult Analyze(ForensicInput input)
    {
        using var gray = Maps.Gray(input.Image.Pixels);
        var matches = FindCopies(gray, lossless: !input.IsJpeg, out bool rendered);
        var map = new Mat(gray.Size(), MatType.CV_32FC1, Scalar.All(0));
        var findings = new List<Finding>();
        var pairs = new List<RegionPair>();
        foreach (var match in matches)
        {
            using (match)
            {
                map.SetTo(Scalar.All(1), match.SourceMask);
                map.SetTo(Scalar.All(1), match.TargetMask);
                var description = match.Describe(gray.Rows * gray.Cols);
                findings.Add(new Finding(match.Method == ExactCopyMatcher.MethodName ? ExactFinding : RegionFinding, description, match.Support));
                var source = Cv2.BoundingRect(match.SourceMask);
                var target = Cv2.BoundingRect(match.TargetMask);
                pairs.Add(new RegionPair(source.X, source.Y, source.Width, source.Height, target.X, target.Y, target.Width, target.Height, description));
            }
        }
        if (rendered)
            findings.Add(new Finding(RenderedFinding, $"content repeated bit for bit at more than {ExactCopyMatcher.MaxCopies} offsets: the image's own rendering (text, a pattern), not taken for pasted pieces", 0));
        if (findings.Count == 0)
            findings.Add(new Finding("copymove.none", "no region found twice in the image", 0));
        return new AnalysisResult(Name, map, findings, strongEvidence: true, pairs: pairs);
    }

    /// <summary>Copied regions of a gray image, with masks at the image's size. The caller disposes them.</summary>
    /// <param name="lossless">
    /// Whether the file was saved without loss (not JPEG): only then are exact copies looked for. In a JPEG, identical
    /// content the same distance apart as the 8-px blocks decodes identically: measured on 147 untouched JPEG document
    /// pages, 118 had "exact copies" (the same words at the start of lines).
    /// </param>
    public static IReadOnlyList<CopyMoveMatch> FindCopies(Mat gray, bool lossless) => FindCopies(gray, lossless, out _);

    /// <summary>Copied regions of a gray image, with masks at the image's size. The caller disposes them.</summary>
    /// <param name="lossless">See <see cref="FindCopies(Mat, bool)"/>.</param>
    /// <param name="rendered">Whether the lossless image repeats content bit for bit at too many offsets to be copies (<see cref="ExactCopyMatcher.MaxCopies"/>).</param>
    public static IReadOnlyList<CopyMoveMatch> FindCopies(Mat gray, bool lossless, out bool rendered)
    {
        rendered = false;
        var found = lossless ? ExactCopyMatcher.Find(gray, out rendered) : [];
        // a lossless image with bit-exact copies: the approximate matchers would add only coarser views of the same copies
        // or the image's own repeated structure (measured on screenshots: 15-20 % of the image in blocks of flat panels).
        // One whose rendering repeats itself bit for bit: they would match the same repeats (measured on 54 untouched
        // synthetic documents: the default marked something in 47 with them, in 18 without)
        if (found.Count > 0 || rendered)
            return found;
        double keypointScale = ScaleFor(gray, KeypointWorkingPixels);
        using (var work = Resized(gray, keypointScale))
        {
            foreach (var match in KeypointMatcher.Find(work, minShift: 16))
                found.Add(ToFullSize(match, keypointScale, gray.Size()));
        }
        double blockScale = ScaleFor(gray, BlockWorkingPixels);
        using (var work = Resized(gray, blockScale))
        {
            var known = found.Select(match => (match.ShiftX * blockScale, match.ShiftY * blockScale));
            foreach (var match in BlockMatcher.Find(work, minShift: 20, known))
                found.Add(ToFullSize(match, blockScale, gray.Size()));
        }
        return found;
    }

    private static double ScaleFor(Mat image, long maxPixels)
    {
        long pixels = (long)image.Rows * image.Cols;
        return pixels <= maxPixels ? 1.0 : Math.Sqrt((double)maxPixels / pixels);
    }

    private static Mat Resized(Mat gray, double scale)
    {
        var work = new Mat();
        if (scale >= 1.0) gray.CopyTo(work);
        else Cv2.Resize(gray, work, new Size(), scale, scale, InterpolationFlags.Area);
        return work;
    }

    /// <summary>A match found at the working scale, brought to the image's size (the working-scale match is disposed).</summary>
    private static CopyMoveMatch ToFullSize(CopyMoveMatch working, double scale, Size size)
    {
        using (working)
        {
            // a similarity transform keeps its linear part under uniform scaling; the shift scales
            var full = (double[])working.Transform.Clone();
            full[2] /= scale;
            full[5] /= scale;
            return new CopyMoveMatch(working.Method, full, working.Support, UpscaleMask(working.SourceMask, size), UpscaleMask(working.TargetMask, size));
        }
    }

    private static Mat UpscaleMask(Mat mask, Size size)
    {
        var full = new Mat();
        if (mask.Size() == size)
            mask.CopyTo(full);
        else
        {
            Cv2.Resize(mask, full, size, 0, 0, InterpolationFlags.Linear);
            Cv2.Threshold(full, full, 127, 255, ThresholdTypes.Binary);
        }
        return full;
    }
}
