#nullable disable
// Marks one GNU version requirement (e.g. GLIBCXX_3.4.32) in an ELF64 shared library as weak
// (VER_FLG_WEAK), so the dynamic loader only warns when the system library lacks that version.
// libLibTorchSharp.so (TorchSharp 0.107) needs GLIBCXX_3.4.32 for one empty GCC 13 link anchor,
// std::ios_base_library_init, which Debian 12's libstdc++ (up to 3.4.30) does not define.
// Used by Directory.Build.targets as an inline MSBuild task and by the tests directly.
using System;
using System.IO;
using System.Text;

namespace Timbre.Build
{
    public static class ElfVersionPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>Returns true when the library at <paramref name="path"/> mentions <paramref name="version"/> in its bytes.</summary>
        public static bool FileContainsAscii(string path, string version)
        {
            byte[] data = File.ReadAllBytes(path);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(data, needle) >= 0;
        }

        /// <summary>Finds the system libstdc++.so.6, or null.</summary>
        public static string FindSystemLibStdCxx()
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6",
                "/usr/lib/libstdc++.so.6",
                "/lib/x86_64-linux-gnu/libstdc++.so.6",
            };
            foreach (string c in candidates)
            {
                if (File.Exists(c))
                {
                    return c;
                }
            }
            return null;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on every vna entry named <paramref name="version"/> in the ELF image.
        /// Returns the number of entries changed (already-weak entries are not counted).
        /// </summary>
        public static int MarkVersionWeak(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException("not an ELF file");
            }
            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new InvalidDataException("only little-endian ELF64 is supported");
            }

            ulong shoff = ReadU64(elf, 0x28);
            int shentsize = ReadU16(elf, 0x3A);
            int shnum = ReadU16(elf, 0x3C);
            int changed = 0;
            for (int i = 0; i < shnum; i++)
            {
                int sh = checked((int)shoff + i * shentsize);
                if (ReadU32(elf, sh + 4) != ShtGnuVerneed)
                {
                    continue;
                }
                int link = (int)ReadU32(elf, sh + 40);
                int strOff = checked((int)ReadU64(elf, checked((int)shoff + link * shentsize) + 24));
                int off = checked((int)ReadU64(elf, sh + 24));
                int count = (int)ReadU32(elf, sh + 44); // sh_info = number of Verneed entries
                int need = off;
                for (int n = 0; n < count; n++)
                {
                    int cnt = ReadU16(elf, need + 2);
                    int aux = need + (int)ReadU32(elf, need + 8);
                    for (int a = 0; a < cnt; a++)
                    {
                        string name = ReadCString(elf, strOff + (int)ReadU32(elf, aux + 8));
                        if (name == version)
                        {
                            ushort flags = ReadU16(elf, aux + 4);
                            if ((flags & VerFlagWeak) == 0)
                            {
                                WriteU16(elf, aux + 4, (ushort)(flags | VerFlagWeak));
                                changed++;
                            }
                        }
                        aux += (int)ReadU32(elf, aux + 12);
                    }
                    need += (int)ReadU32(elf, need + 12);
                }
            }
            return changed;
        }

        /// <summary>Patches a file in place through a temporary copy (never writes into a hard-linked package cache).</summary>
        public static int PatchFile(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            int changed = MarkVersionWeak(elf, version);
            if (changed > 0)
            {
                string tmp = path + ".patching";
                File.WriteAllBytes(tmp, elf);
                File.Delete(path);
                File.Move(tmp, path);
            }
            return changed;
        }

        private static int IndexOf(byte[] hay, byte[] needle)
        {
            for (int i = 0; i <= hay.Length - needle.Length; i++)
            {
                if (hay[i] != needle[0])
                {
                    continue;
                }
                int j = 1;
                while (j < needle.Length && hay[i + j] == needle[j])
                {
                    j++;
                }
                if (j == needle.Length)
                {
                    return i;
                }
            }
            return -1;
        }

        private static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint ReadU32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;

        private static void WriteU16(byte[] b, int o, ushort v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
        }

        private static string ReadCString(byte[] b, int o)
        {
            int end = o;
            while (end < b.Length && b[end] != 0)
            {
                end++;
            }
            return Encoding.ASCII.GetString(b, o, end - o);
        }
    }

#if !TIMBRE_NO_MSBUILD
    /// <summary>MSBuild task: patches runtimes/linux-x64/native/libLibTorchSharp.so under Directory when needed.</summary>
    public sealed class PatchTorchSharpGlibcxx : Microsoft.Build.Utilities.Task
    {
        public const string Version = "GLIBCXX_3.4.32";

        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; }

        public override bool Execute()
        {
            string lib = Path.Combine(Directory ?? "", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            if (!File.Exists(lib))
            {
                return true;
            }
            string system = ElfVersionPatcher.FindSystemLibStdCxx();
            if (system != null && ElfVersionPatcher.FileContainsAscii(system, Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "System libstdc++ has " + Version + "; no patch needed.");
                return true;
            }
            int changed = ElfVersionPatcher.PatchFile(lib, Version);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                changed > 0 ? "Marked " + Version + " weak in " + lib : Version + " already weak in " + lib);
            return true;
        }
    }
#endif
}
