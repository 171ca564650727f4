namespace Tamper.BrowserTests;

/// <summary>Test images written by hand (this project has no imaging library): a 24-bit BMP with a copied block.</summary>
public static class TestImages
{
    public static void WriteCopyMoveBmp(string path, int width = 360, int height = 270)
    {
        var random = new Random(7);
        var pixels = new byte[width, height, 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[x, y, c] = (byte)Math.Clamp(90 + 60 * Math.Sin((x + 2 * c) / 9.0) * Math.Cos(y / 13.0) + random.Next(-25, 26), 0, 255);
        // a textured block copied to another place: what the copy-move analyzer and the page's pairs show
        for (int y = 0; y < 70; y++)
            for (int x = 0; x < 80; x++)
                for (int c = 0; c < 3; c++)
                    pixels[230 + x, 160 + y, c] = pixels[40 + x, 50 + y, c];
        int rowBytes = (width * 3 + 3) / 4 * 4;
        using var file = new BinaryWriter(File.Create(path));
        file.Write((byte)'B');
        file.Write((byte)'M');
        file.Write(54 + rowBytes * height);
        file.Write(0);
        file.Write(54);
        file.Write(40);
        file.Write(width);
        file.Write(height);
        file.Write((short)1);
        file.Write((short)24);
        file.Write(0);
        file.Write(rowBytes * height);
        file.Write(2835);
        file.Write(2835);
        file.Write(0);
        file.Write(0);
        var row = new byte[rowBytes];
        for (int y = height - 1; y >= 0; y--)
        {
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    row[3 * x + c] = pixels[x, y, c];
            file.Write(row);
        }
    }
}
