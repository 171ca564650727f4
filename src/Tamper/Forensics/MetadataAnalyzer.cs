using MetadataExtractor;
using MetadataExtractor.Formats.Adobe;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Photoshop;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor.IO;
using OpenCvSharp;

namespace Tamper.Forensics;

/// <summary>
/// EXIF/XMP/Photoshop metadata (MetadataExtractor): editing software, dates that disagree, camera data
/// that is missing, and an embedded EXIF thumbnail that no longer looks like the image. Findings only:
/// metadata says something about the file, not where in the image.
/// </summary>
public sealed class MetadataAnalyzer : IForensicAnalyzer
{
    private const int TagMake = 0x010F, TagModel = 0x0110, TagDateTime = 0x0132, TagDateTimeOriginal = 0x9003;

    /// <summary>Names that, found in a software or history field, mean an image editor saved the file.</summary>
    public static IReadOnlyList<string> Editors { get; } =
    [
        "Photoshop", "GIMP", "Lightroom", "Paint.NET", "Pixelmator", "Affinity", "Snapseed", "Capture One",
        "Canva", "PhotoScape", "Fotor", "Picasa", "Meitu", "美图", "PicsArt", "Krita", "Corel", "ACDSee", "Luminar",
    ];

    public string Name => "metadata";

    public string Description => "EXIF/XMP metadata: editing software, dates, camera data, thumbnail";

    public AnalysisResult Analyze(ForensicInput input)
    {
        var findings = new List<Finding>();
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(new MemoryStream(input.FileBytes, writable: false));
        }
        catch (Exception e) when (e is ImageProcessingException or IOException)
        {
            findings.Add(new Finding("metadata.unreadable", $"metadata could not be read ({e.Message})"));
            return new AnalysisResult(Name, null, findings);
        }

        Software(directories, findings);
        Camera(directories, findings);
        Dates(directories, findings);
        if (input.IsJpeg)
            Thumbnail(directories, input, findings);
        return new AnalysisResult(Name, null, findings);
    }

    private static void Software(IReadOnlyList<MetadataExtractor.Directory> directories, List<Finding> findings)
    {
        var values = new List<string>();
        foreach (var directory in directories)
        {
            foreach (var tag in directory.Tags)
            {
                if (tag.Name.Contains("Software", StringComparison.OrdinalIgnoreCase) || tag.Name.Contains("Creator Tool", StringComparison.OrdinalIgnoreCase))
                    values.Add(tag.Description ?? "");
                else if (tag.Description is { } text && text.StartsWith("Software:", StringComparison.OrdinalIgnoreCase))
                    values.Add(text["Software:".Length..].Trim()); // PNG text chunks: "Software: <name>"
            }
            if (directory is XmpDirectory xmp)
            {
                values.AddRange(xmp.GetXmpProperties()
                    .Where(property => property.Key.Contains("CreatorTool", StringComparison.OrdinalIgnoreCase) || property.Key.Contains("softwareAgent", StringComparison.OrdinalIgnoreCase))
                    .Select(property => property.Value));
            }
        }
        foreach (var value in values.Where(value => !string.IsNullOrWhiteSpace(value)).Distinct())
        {
            var editor = Editors.FirstOrDefault(name => value.Contains(name, StringComparison.OrdinalIgnoreCase));
            findings.Add(editor is not null
                ? new Finding("metadata.editor", $"saved by image-editing software: \"{value}\"", 1)
                : new Finding("metadata.software", $"software field: \"{value}\"", 0));
        }
        if (directories.OfType<PhotoshopDirectory>().Any())
            findings.Add(new Finding("metadata.photoshop_resources", "Photoshop image resources present (saved by Adobe software)", 1));
        else if (directories.OfType<AdobeJpegDirectory>().Any())
            findings.Add(new Finding("metadata.adobe_segment", "Adobe APP14 segment present (written by Adobe software)", 1));
    }

    private static void Camera(IReadOnlyList<MetadataExtractor.Directory> directories, List<Finding> findings)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        if (ifd0 is null && !directories.OfType<ExifSubIfdDirectory>().Any())
        {
            findings.Add(new Finding("metadata.no_exif", "no EXIF data (stripped, or never from a camera)"));
            return;
        }
        var make = ifd0?.GetDescription(TagMake);
        var model = ifd0?.GetDescription(TagModel);
        findings.Add(string.IsNullOrWhiteSpace(make) && string.IsNullOrWhiteSpace(model)
            ? new Finding("metadata.no_camera", "EXIF present but no camera make or model")
            : new Finding("metadata.camera", $"camera: {make} {model}".TrimEnd()));
    }

    private static void Dates(IReadOnlyList<MetadataExtractor.Directory> directories, List<Finding> findings)
    {
        DateTime? modified = null, original = null;
        foreach (var directory in directories.OfType<ExifIfd0Directory>())
            if (directory.TryGetDateTime(TagDateTime, out var value)) modified = value;
        foreach (var directory in directories.OfType<ExifSubIfdDirectory>())
            if (directory.TryGetDateTime(TagDateTimeOriginal, out var value)) original = value;
        if (modified is { } m && original is { } o && Math.Abs((m - o).TotalSeconds) > 2)
        {
            var gap = m - o;
            findings.Add(new Finding("metadata.dates_differ",
                $"file modified {Math.Abs(gap.TotalHours):0.#} h {(gap > TimeSpan.Zero ? "after" : "before")} it was taken ({o:yyyy-MM-dd HH:mm:ss} -> {m:yyyy-MM-dd HH:mm:ss})",
                gap.TotalHours));
        }
        else if (original is { } taken)
        {
            findings.Add(new Finding("metadata.date_taken", $"taken {taken:yyyy-MM-dd HH:mm:ss}"));
        }
    }

    /// <summary>Compares the EXIF thumbnail with the image: editors often leave the original thumbnail behind.</summary>
    private static void Thumbnail(IReadOnlyList<MetadataExtractor.Directory> directories, ForensicInput input, List<Finding> findings)
    {
        var directory = directories.OfType<ExifThumbnailDirectory>().FirstOrDefault();
        if (directory is null
            || !directory.TryGetInt32(ExifThumbnailDirectory.TagThumbnailOffset, out var offset)
            || !directory.TryGetInt32(ExifThumbnailDirectory.TagThumbnailLength, out var length)
            || length <= 0)
            return;
        var app1 = JpegSegmentReader.ReadSegments(new SequentialByteArrayReader(input.FileBytes), [JpegSegmentType.App1])
            .FirstOrDefault(segment => segment.Bytes.Length > 6 && segment.Bytes[0] == 'E' && segment.Bytes[1] == 'x');
        const int tiffStart = 6; // after "Exif\0\0"
        if (app1 is null || tiffStart + offset + length > app1.Bytes.Length)
            return;
        using var thumbnail = Cv2.ImDecode(app1.Bytes.AsSpan(tiffStart + offset, length).ToArray(), ImreadModes.Grayscale);
        if (thumbnail.Empty())
            return;
        var image = input.Image.Pixels;
        double imageAspect = (double)image.Cols / image.Rows, thumbnailAspect = (double)thumbnail.Cols / thumbnail.Rows;
        if (Math.Abs(imageAspect - thumbnailAspect) / imageAspect > 0.05)
        {
            findings.Add(new Finding("metadata.thumbnail_aspect", $"EXIF thumbnail has another aspect ratio ({thumbnail.Cols}x{thumbnail.Rows} vs {image.Cols}x{image.Rows}): cropped or resized after capture", 1));
            return;
        }
        using var gray = Maps.Gray(image);
        using var small = new Mat();
        Cv2.Resize(gray, small, thumbnail.Size(), 0, 0, InterpolationFlags.Area);
        using var difference = new Mat();
        Cv2.Absdiff(small, thumbnail, difference);
        var mean = Cv2.Mean(difference).Val0;
        findings.Add(mean > 12
            ? new Finding("metadata.thumbnail_differs", $"EXIF thumbnail differs from the image (mean difference {mean:0.0} gray levels): edited after the thumbnail was made", mean)
            : new Finding("metadata.thumbnail_matches", $"EXIF thumbnail matches the image (mean difference {mean:0.0})", mean));
    }
}
