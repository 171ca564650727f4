namespace Tamper.Data;

/// <summary>An image whose mask has other dimensions.</summary>
public sealed record SizeMismatch(string Id, string ImagePath, int ImageWidth, int ImageHeight, string MaskPath, int MaskWidth, int MaskHeight)
{
    public override string ToString() =>
        $"{MaskPath}: mask is {MaskWidth}x{MaskHeight} but its image {Path.GetFileName(ImagePath)} is {ImageWidth}x{ImageHeight}";
}
