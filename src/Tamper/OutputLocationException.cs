namespace Tamper;

/// <summary>
/// An output location that cannot be used (a file where a folder is needed, no permission to write, a folder made
/// with other settings): found before any work is done, reported as one line naming the path.
/// </summary>
public sealed class OutputLocationException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
