using System.Runtime.InteropServices;

namespace Tamper.Native;

/// <summary>Reads a path's <see cref="FileKind"/> (following symbolic links, as opening it would).</summary>
public static partial class FileKinds
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint TypeField = 0x1; // STATX_TYPE
    private const int ModeOffset = 28; // struct statx: stx_mode (u16) after mask, blksize, attributes, nlink, uid, gid

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
            return FileKind.Unknown;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentDirectory, path, 0, TypeField, buffer) != 0)
                return FileKind.Unknown;
        }
        catch (EntryPointNotFoundException)
        {
            return FileKind.Unknown; // a C library older than glibc 2.28
        }
        int mode = BitConverter.ToUInt16(buffer[ModeOffset..]) & 0xF000;
        return mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>A short name for messages ("a FIFO (named pipe)").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a folder",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
