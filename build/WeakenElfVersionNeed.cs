using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement (a Vernaux entry in .gnu.version_r) of an ELF64 shared
/// library as weak (VER_FLG_WEAK), so the dynamic loader no longer refuses to load it when the
/// system library lacks that version. Does nothing when the system libstdc++ provides the version.
/// </summary>
public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (SystemProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, "System libstdc++ provides " + VersionName + "; nothing to patch.");
            return true;
        }
        foreach (var item in Files)
        {
            try
            {
                var result = Patch(item.ItemSpec, VersionName);
                Log.LogMessage(MessageImportance.Normal, item.ItemSpec + ": " + result);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError(item.ItemSpec + ": cannot mark " + VersionName + " weak: " + e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static bool SystemProvides(string versionName)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            return IndexOf(bytes, Encoding.ASCII.GetBytes(versionName + "\0")) >= 0;
        }
        return false; // no libstdc++ found where expected: patching is harmless
    }

    private static string Patch(string path, string versionName)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, name) == versionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0) return versionName + " already weak";
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                        File.WriteAllBytes(path, elf);
                        return versionName + " marked weak";
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(elf, (int)vn + 12);
            }
        }
        return "no " + versionName + " requirement found";
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
