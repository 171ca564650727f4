using Tamper.Imaging;

namespace Tamper.Data;

/// <summary>
/// Opens a dataset folder: recognizes its layout, pairs images with masks by stem, and checks sizes
/// from the file headers. With <c>inspectMasks</c> it also decodes every mask to find those stored as 0/1.
/// </summary>
public sealed class DatasetReader
{
    private readonly MaskReader _maskReader;

    public DatasetReader(MaskReader? maskReader = null) => _maskReader = maskReader ?? new MaskReader();

    public Dataset Open(string root, bool inspectMasks = false)
    {
        var detected = DatasetLayout.Detect(root)
            ?? throw new InputFileException(root, $"no dataset layout recognized (expected one of: {DatasetLayout.KnownNames})");
        var (layout, imageFolder, maskFolder) = detected;

        var images = MaskFolder.Open(imageFolder);
        var masks = MaskFolder.Open(maskFolder);
        var pairs = new List<SamplePair>();
        var withoutMasks = new List<string>();
        var mismatches = new List<SizeMismatch>();
        var unreadable = new List<string>();
        var zeroOne = new List<string>();

        foreach (var imagePath in images.Paths.Order(StringComparer.Ordinal))
        {
            var id = FileStems.Of(imagePath);
            if (!masks.TryClaim(id, out var maskPath))
            {
                withoutMasks.Add(imagePath);
                continue;
            }
            try
            {
                var imageHeader = ImageHeaderReader.Read(imagePath);
                var maskHeader = ImageHeaderReader.Read(maskPath);
                if (imageHeader.Width != maskHeader.Width || imageHeader.Height != maskHeader.Height)
                {
                    mismatches.Add(new SizeMismatch(id, imagePath, imageHeader.Width, imageHeader.Height, maskPath, maskHeader.Width, maskHeader.Height));
                    continue;
                }
                if (inspectMasks)
                {
                    using var mask = _maskReader.Read(maskPath);
                    if (mask.Encoding == MaskEncoding.ZeroAndOne)
                        zeroOne.Add(maskPath);
                }
                pairs.Add(new SamplePair(id, imagePath, maskPath, imageHeader.Width, imageHeader.Height));
            }
            catch (InputFileException e)
            {
                unreadable.Add(e.Message);
            }
        }

        var report = new DatasetReport(withoutMasks, masks.Unclaimed(), mismatches,
            [.. images.Duplicates, .. masks.Duplicates], unreadable, zeroOne);
        return new Dataset(root, layout, imageFolder, maskFolder, pairs, report);
    }
}
