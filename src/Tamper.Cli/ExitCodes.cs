namespace Tamper.Cli;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran, but some inputs failed (listed on stderr); the rest was processed.</summary>
    public const int SomeInputsFailed = 1;

    /// <summary>Nothing was done: a wrong flag, a missing folder, an unusable argument.</summary>
    public const int UsageError = 2;

    /// <summary>A fault in the tool itself or its native libraries.</summary>
    public const int InternalError = 3;
}
