using System.IO.Compression;
using Tamper.Data;
using Tamper.Imaging;

namespace Tamper.Submission;

/// <summary>
/// Packages a contest submission: <c>images/&lt;id&gt;.png</c> for every test image, same size as the
/// image, values 0/255. Every problem is collected (missing, wrong size, not binary, unreadable, or a
/// mask that belongs to no test image); if there is any, no zip is written.
/// </summary>
public sealed class SubmissionBuilder
{
    public const string EntryFolder = "images";

    private readonly MaskReader _masks;

    public SubmissionBuilder(ImageLoader? loader = null) => _masks = new MaskReader(loader ?? new ImageLoader());

    /// <param name="progress">Called after each test image with (done, total).</param>
    public SubmissionResult Build(string predictions, string testImages, string zipPath, Action<int, int>? progress = null)
    {
        var imageFolder = DatasetLayout.Detect(testImages)?.ImageFolder ?? testImages;
        var images = MaskFolder.Open(imageFolder);
        var masks = MaskFolder.Open(predictions);
        var problems = new List<string>();
        problems.AddRange(images.Duplicates.Select(path => $"{path}: another test image has the same id"));
        problems.AddRange(masks.Duplicates.Select(path => $"{path}: another mask has the same id"));
        if (images.Count == 0)
            problems.Add($"{imageFolder}: no test images found");

        var outputFolder = Path.GetDirectoryName(Path.GetFullPath(zipPath))!;
        Directory.CreateDirectory(outputFolder);
        var temporary = Path.Combine(outputFolder, $".{Path.GetFileName(zipPath)}.{Environment.ProcessId}.tmp");
        int packaged = 0, done = 0;
        try
        {
            using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                foreach (var imagePath in images.Paths.Order(StringComparer.Ordinal))
                {
                    var id = FileStems.Of(imagePath);
                    var problem = AddMask(archive, id, imagePath, masks);
                    if (problem is null) packaged++;
                    else problems.Add(problem);
                    progress?.Invoke(++done, images.Count);
                }
            }
            problems.AddRange(masks.Unclaimed().Select(path => $"{path}: does not belong to any test image in {imageFolder}"));
            if (problems.Count > 0)
                return new SubmissionResult(images.Count, packaged, problems, null);
            File.Move(temporary, zipPath, overwrite: true);
            return new SubmissionResult(images.Count, packaged, problems, zipPath);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string? AddMask(ZipArchive archive, string id, string imagePath, MaskFolder masks)
    {
        if (!masks.TryClaim(id, out var maskPath))
            return $"{id}: no mask in {masks.Folder} for test image {Path.GetFileName(imagePath)}";
        try
        {
            var image = ImageHeaderReader.Read(imagePath);
            var maskHeader = ImageHeaderReader.Read(maskPath);
            if (maskHeader.Width != image.Width || maskHeader.Height != image.Height)
                return $"{maskPath}: mask is {maskHeader.Width}x{maskHeader.Height} but test image {Path.GetFileName(imagePath)} is {image.Width}x{image.Height}";
            using var mask = _masks.Read(maskPath);
            switch (mask.Encoding)
            {
                case MaskEncoding.ZeroAndOne:
                    return $"{maskPath}: not binary 0/255 (stored as 0/1; the contest reads values above 127 as tampered, so this mask would count as empty)";
                case MaskEncoding.Gray:
                    return $"{maskPath}: not binary 0/255 (it has gray levels between 1 and 254; threshold it first)";
            }
            var entry = archive.CreateEntry($"{EntryFolder}/{id}.png", CompressionLevel.Optimal);
            using var stream = entry.Open();
            stream.Write(ImageWriter.EncodePng(mask.Binary));
            return null;
        }
        catch (InputFileException e)
        {
            return e.Message;
        }
    }
}
