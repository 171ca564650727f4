using System.Text.Json.Nodes;
using OpenCvSharp;
using Tamper.Data.Synthesis.Documents;
using Tamper.Data.Synthesis.Manipulations;

namespace Tamper.Data.Synthesis;

/// <summary>
/// Makes sample i of a run: a host (a crop of a photo at a random zoom, a rendered document, or a page
/// image), one manipulation (or none, for the authentic share), then post-processing. The mask is
/// computed, not drawn: the pixels where the edited image differs from the host, so it is exact by
/// construction. A manipulation that cannot apply (no word fits, no placement) is replaced by another,
/// up to six times; a sample that still has no edit is written as authentic, so the label never lies.
/// Thread-safe: every sample has its own random source.
/// </summary>
public sealed class ForgeryGenerator(SynthSources sources, SynthOptions options)
{
    /// <summary>The manipulations, named by their own <see cref="IManipulation.Name"/> (a <see cref="Registry{T}"/>).</summary>
    public static Registry<IManipulation> Manipulations { get; } = new("manipulation",
        ((IManipulation[])[new SpliceRegion(), new SpliceObject(), new CopyMove(), new Removal(), new TextReplace(), new TextInsert(), new TextCopy(), new TextSplice()])
            .Select(manipulation => (manipulation.Name, manipulation)));

    /// <summary>What a sample may record as its operation: a manipulation's name, or "authentic".</summary>
    public static IReadOnlyList<string> Operations { get; } = [.. Manipulations.Names, "authentic"];

    public SynthOptions Options { get; } = options;

    public SynthSources Sources { get; } = sources;

    public bool CanMakeDocuments => Options.Documents && (Sources.Renderer.CanRender || Sources.Pages.Count > 0);

    public SyntheticSample Generate(int index)
    {
        var random = new SynthRandom(Options.Seed, index);
        var id = Options.IdOf(index);
        var (host, page, hostInfo) = Host(random);
        using (page)
        {
            var edited = host.Clone();
            string operation = "authentic";
            var context = new ForgeryContext(edited, page, random, Sources);
            Mat editMask = new Mat(host.Size(), MatType.CV_8UC1, Scalar.All(0));
            if (!random.Chance(Options.AuthenticShare))
            {
                for (int attempt = 0; attempt < 6; attempt++)
                {
                    var manipulation = Choose(random, page);
                    context.Params.Clear();
                    context.SourcesUsed.Clear();
                    host.CopyTo(edited);
                    if (!manipulation.Apply(context)) continue;
                    editMask.Dispose();
                    editMask = ChangedPixels(host, edited);
                    if (Cv2.CountNonZero(editMask) == 0) continue;
                    operation = manipulation.Name;
                    break;
                }
                if (operation == "authentic")
                {
                    host.CopyTo(edited);
                    editMask.SetTo(Scalar.All(0));
                    context.Params.Clear();
                    context.SourcesUsed.Clear();
                }
            }
            var post = PostProcessing.Apply(edited, editMask, random, pngShare: hostInfo.Kind == "document-chat" ? 0.6 : 0.25);
            var manifest = new JsonObject
            {
                ["id"] = id,
                ["operation"] = operation,
                ["params"] = ToJson(context.Params),
                ["sources"] = new JsonArray([.. hostInfo.Source is { } hostSource ? [JsonValue.Create(hostSource)] : Array.Empty<JsonNode>(), .. context.SourcesUsed.Select(path => (JsonNode)JsonValue.Create(path)!)]),
                ["host"] = new JsonObject { ["kind"] = hostInfo.Kind, ["width"] = host.Cols, ["height"] = host.Rows },
                ["post"] = new JsonArray([.. post.Steps.Select(step => (JsonNode)ToJson(step))]),
                ["tampered_share"] = Math.Round((double)Cv2.CountNonZero(post.Mask) / ((long)post.Mask.Rows * post.Mask.Cols), 5),
                ["file"] = id + post.Extension,
            };
            return new SyntheticSample(id, operation, host, edited, editMask, post.Bytes, post.Extension, post.Mask, manifest);
        }
    }

    /// <summary>255 where any channel differs: exactly the pixels the edit changed.</summary>
    public static Mat ChangedPixels(Mat before, Mat after)
    {
        using var difference = new Mat();
        Cv2.Absdiff(before, after, difference);
        var channels = difference.Split();
        var mask = new Mat();
        Cv2.BitwiseOr(channels[0], channels[1], mask);
        Cv2.BitwiseOr(mask, channels[2], mask);
        foreach (var channel in channels) channel.Dispose();
        Cv2.Threshold(mask, mask, 0, 255, ThresholdTypes.Binary);
        return mask;
    }

    private IManipulation Choose(SynthRandom random, DocumentPage? page)
    {
        bool hasWords = page is { Items.Count: > 0 };
        var weights = Manipulations.Entries
            .Where(m => !m.NeedsDocument || hasWords)
            .Where(m => m is not SpliceObject || Sources.Cutouts.Count > 0)
            .Where(m => m is not SpliceRegion || Sources.Photos.Count > 0)
            .Select(m => (m, m.NeedsDocument ? 0.75 / 4 : hasWords ? 0.25 / 4 : 0.25))
            .ToList();
        return random.Weighted(weights);
    }

    private (Mat Host, DocumentPage? Page, (string Kind, string? Source) Info) Host(SynthRandom random)
    {
        int longSide = random.Int(Options.MinSize, Options.MaxSize);
        if (CanMakeDocuments && random.Chance(Options.DocumentShare))
        {
            if (Sources.Pages.Count > 0 && (!Sources.Renderer.CanRender || random.Chance(0.3)))
            {
                var path = random.Pick(Sources.Pages.Paths);
                if (Sources.Pages.Get(path) is { } pageImage)
                    return (Crop(pageImage, longSide, random.Uniform(0.65, 0.8), random), null, ("page-image", path));
            }
            if (Sources.Renderer.CanRender)
            {
                var kind = random.Pick(DocumentRenderer.Kinds);
                double aspect = kind switch { "chat" => random.Uniform(0.45, 0.6), "receipt" => random.Uniform(0.4, 0.6), "cover" => random.Uniform(0.65, 0.75), "certificate" => random.Chance(0.5) ? 1.41 : 0.71, _ => random.Uniform(0.68, 0.8) };
                var (width, height) = SampleSize(longSide, aspect);
                var page = Sources.Renderer.Render(kind, width, height, random);
                return (page.Image.Clone(), page, ($"document-{kind}", null));
            }
        }
        for (int attempt = 0; attempt < 5 && Sources.Photos.Count > 0; attempt++)
        {
            var path = random.Pick(Sources.Photos.Paths);
            if (Sources.Photos.Get(path) is { } photo)
            {
                double aspect = random.Uniform(0.66, 1.5);
                return Options.NativeShare > 0 && random.Chance(Options.NativeShare)
                    ? (NativeCrop(photo, longSide, aspect, random), null, ("photo-native", path))
                    : (Crop(photo, longSide, aspect, random), null, ("photo", path));
            }
        }
        throw new InvalidOperationException("no usable photo or document source: the photo folders hold no images, and documents are off or no fonts are installed");
    }

    /// <summary>A crop of the source at a random zoom, resized to a long side of <paramref name="longSide"/> with the given aspect.</summary>
    private static Mat Crop(Mat source, int longSide, double aspect, SynthRandom random)
    {
        var (width, height) = SampleSize(longSide, aspect);
        double maxZoom = Math.Min((double)source.Cols / width, (double)source.Rows / height);
        // zoom < 1 crops a smaller piece and enlarges it; keep enlargement modest
        double zoom = maxZoom >= 1 ? random.Uniform(Math.Max(0.7, maxZoom * 0.4), maxZoom) : maxZoom;
        int cropWidth = Math.Clamp((int)(width * zoom), 8, source.Cols), cropHeight = Math.Clamp((int)(height * zoom), 8, source.Rows);
        var rect = new Rect(random.Int(0, source.Cols - cropWidth), random.Int(0, source.Rows - cropHeight), cropWidth, cropHeight);
        var host = new Mat();
        Cv2.Resize(source[rect], host, new Size(width, height), 0, 0, cropWidth > width ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        return host;
    }

    /// <summary>Width and height of a sample with this long side and aspect (width / height).</summary>
    private static (int Width, int Height) SampleSize(int longSide, double aspect) =>
        aspect >= 1 ? (longSide, (int)(longSide / aspect)) : ((int)(longSide * aspect), longSide);

    /// <summary>A piece of the source at its own resolution, at most the sample size (smaller sources are taken whole).</summary>
    private static Mat NativeCrop(Mat source, int longSide, double aspect, SynthRandom random)
    {
        var (sampleWidth, sampleHeight) = SampleSize(longSide, aspect);
        int width = Math.Min(sampleWidth, source.Cols), height = Math.Min(sampleHeight, source.Rows);
        var rect = new Rect(random.Int(0, source.Cols - width), random.Int(0, source.Rows - height), width, height);
        return source[rect].Clone();
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, object> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
            json[key] = JsonValue.Create(value);
        return json;
    }
}
