namespace Tamper.Model;

/// <summary>
/// Where the shipped model is: <c>$TAMPER_MODEL</c> if set, else <c>models/default.tamper</c> beside the
/// binaries (the build copies the repository's <c>models/</c> folder there).
/// </summary>
public static class DefaultModel
{
    public const string FileName = "default.tamper";

    public static string Path() =>
        Environment.GetEnvironmentVariable("TAMPER_MODEL") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : System.IO.Path.Combine(AppContext.BaseDirectory, "models", FileName);
}
