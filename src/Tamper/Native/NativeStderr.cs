using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tamper.Native;

/// <summary>
/// Catches what native decoders print on the process's stderr ("libpng error: IHDR: CRC error", "Corrupt JPEG data:
/// premature end of data segment") so it can be told about the file that caused it instead of appearing as a bare
/// line. <see cref="Install"/> points file descriptor 2 at a pipe and gives .NET's Console.Error the original
/// stderr; a reader thread drains the pipe. Lines printed inside <see cref="Attribute"/> go to the caller; any other
/// line is passed on to the original stderr unchanged, so nothing is lost. Linux only; without it (tests,
/// other systems) <see cref="Attribute"/> just runs the action and returns no lines.
/// </summary>
public static partial class NativeStderr
{
    private static readonly object Gate = new();
    private static readonly object DecodeGate = new();
    private static Stream? _original;
    private static List<string>? _collecting;
    private static long _marksSeen;
    private static long _marksSent;
    private const string MarkPrefix = "\u0001tamper-mark ";

    public static bool Installed => _original is not null;

    /// <summary>Redirects stderr once per process (the CLI host calls it first thing); false where it cannot.</summary>
    public static bool Install()
    {
        lock (Gate)
        {
            if (_original is not null)
                return true;
            if (!OperatingSystem.IsLinux())
                return false;
            Span<int> ends = stackalloc int[2];
            int saved = Dup(2);
            if (saved < 0 || Pipe(ends) != 0)
                return false;
            if (Dup2(ends[1], 2) < 0)
                return false;
            Close(ends[1]);
            _original = new FileStream(new SafeFileHandle(saved, ownsHandle: true), FileAccess.Write, bufferSize: 0);
            Console.SetError(new StreamWriter(_original, new UTF8Encoding(false)) { AutoFlush = true });
            var reader = new FileStream(new SafeFileHandle(ends[0], ownsHandle: true), FileAccess.Read, bufferSize: 0);
            new Thread(() => Drain(reader)) { IsBackground = true, Name = "native stderr" }.Start();
            return true;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> and returns the lines native code printed meanwhile. Attributed sections run one
    /// at a time (a line cannot tell which thread printed it); the section ends once a mark written after the action
    /// has come through the pipe, so every line printed before it is in.
    /// </summary>
    public static T Attribute<T>(Func<T> action, out IReadOnlyList<string> lines)
    {
        if (!Installed)
        {
            lines = [];
            return action();
        }
        lock (DecodeGate)
        {
            var collected = new List<string>();
            lock (Gate)
                _collecting = collected;
            try
            {
                return action();
            }
            finally
            {
                WaitForMark();
                lock (Gate)
                    _collecting = null;
                lines = collected;
            }
        }
    }

    private static void WaitForMark()
    {
        long mark;
        lock (Gate)
            mark = ++_marksSent;
        var bytes = Encoding.ASCII.GetBytes($"{MarkPrefix}{mark}\n");
        if (Write(2, bytes, bytes.Length) != bytes.Length)
            return;
        var deadline = Environment.TickCount64 + 2000;
        lock (Gate)
        {
            while (_marksSeen < mark && Environment.TickCount64 < deadline)
                Monitor.Wait(Gate, 50);
        }
    }

    private static void Drain(Stream pipe)
    {
        var line = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = pipe.Read(buffer)) > 0)
        {
            foreach (var character in Encoding.UTF8.GetString(buffer, 0, read))
            {
                if (character != '\n')
                {
                    line.Append(character);
                    continue;
                }
                Deliver(line.ToString());
                line.Clear();
            }
        }
    }

    private static void Deliver(string line)
    {
        lock (Gate)
        {
            if (line.StartsWith(MarkPrefix, StringComparison.Ordinal))
            {
                _marksSeen = long.Parse(line[MarkPrefix.Length..]);
                Monitor.PulseAll(Gate);
                return;
            }
            if (_collecting is not null)
            {
                if (line.Trim().Length > 0)
                    _collecting.Add(line.Trim());
                return;
            }
        }
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _original?.Write(bytes);
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int descriptor, int target);

    [LibraryImport("libc", EntryPoint = "pipe")]
    private static partial int Pipe(Span<int> ends);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int descriptor, byte[] bytes, nint count);
}
