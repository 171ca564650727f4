namespace Tamper.Tests.Support;

/// <summary>
/// The development data in ../shared/data beside the repository (or $TAMPER_SHARED_DATA). Tests that
/// use it skip, with a message, where it is absent (CI, other machines).
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    public static string RealDev => Require("real-dev");

    public static string Require(string relative)
    {
        var path = Root is null ? null : Path.Combine(Root, relative);
        Skip.If(path is null || !Directory.Exists(path), $"../shared/data/{relative} is not on this machine; test skipped");
        return path!;
    }

    private static string? Find()
    {
        var overridden = Environment.GetEnvironmentVariable("TAMPER_SHARED_DATA");
        if (!string.IsNullOrEmpty(overridden))
            return overridden;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tamper.slnx")))
                return Path.Combine(folder.FullName, "..", "shared", "data");
        }
        return null;
    }
}
