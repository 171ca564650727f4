namespace Tamper.Native;

/// <summary>
/// What a path is on a Unix file system: .NET reports FIFOs and devices as ordinary files (opening a FIFO then blocks
/// for ever), so the type bits are read with statx, whose buffer layout is the same on every Linux architecture.
/// </summary>
public enum FileKind
{
    /// <summary>Not found, or the system cannot tell (not Linux).</summary>
    Unknown,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    SymbolicLink,
}
