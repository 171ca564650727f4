namespace Tamper;

/// <summary>
/// A problem with one input file or folder that the user can fix: the message names the path and the
/// problem in one line, so hosts print it as it is instead of a stack trace.
/// </summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public string Problem { get; }
}
