using System.CommandLine;
using Tamper.Imaging;

namespace Tamper.Cli;

/// <summary>Options several commands share, so they are spelled and checked the same way everywhere.</summary>
public static class CommonOptions
{
    public static Option<double> MaxMegapixels() => new("--max-megapixels")
    {
        Description = "Refuse images above this many megapixels, checked from the header before decoding",
        DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels / 1e6,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<double>() <= 0)
                    result.AddError("--max-megapixels must be above 0");
            },
        },
    };

    public static ImageLoader Loader(double maxMegapixels) =>
        new(ImageLimits.Default with { MaxPixels = (long)(maxMegapixels * 1e6) });

    /// <summary>A required folder option whose folder must exist (checked at parse time, named in the error).</summary>
    public static Option<DirectoryInfo> ExistingFolder(string name, string description) => new Option<DirectoryInfo>(name)
    {
        Description = description,
        Required = true,
    }.AcceptExistingOnly();
}
