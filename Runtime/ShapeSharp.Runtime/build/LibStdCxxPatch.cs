// Compiled twice: by MSBuild's RoslynCodeTaskFactory (ShapeSharp.Runtime.targets) as the
// PatchLibStdCxxVersion task, and by the runtime tests (with SHAPESHARP_PATCH_TESTS defined, so
// they need no MSBuild assemblies). Keep it one self-contained file of netstandard2.0 C#.
using System;
using System.IO;
using System.Text;

namespace ShapeSharp.Build
{
    /// <summary>What <see cref="ElfVersionNeedPatch.MakeWeak(string, string)"/> did.</summary>
    public enum PatchOutcome
    {
        /// <summary>The version reference was strong and is now weak.</summary>
        Patched,

        /// <summary>The reference was already weak: nothing written.</summary>
        AlreadyWeak,

        /// <summary>The file does not ask for that version: nothing written.</summary>
        NotReferenced,
    }

    /// <summary>
    /// Marks one symbol-version requirement (a Vernaux entry of <c>.gnu.version_r</c>) of an ELF64
    /// little-endian shared library as weak (VER_FLG_WEAK). TorchSharp 0.107's libLibTorchSharp.so
    /// asks for GLIBCXX_3.4.32 only for <c>std::ios_base_library_init</c>, which older libstdc++
    /// (Debian 12: 3.4.30) initialise implicitly; with the requirement weak, the loader accepts
    /// the older library instead of refusing to load.
    /// </summary>
    public static class ElfVersionNeedPatch
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>
        /// Patches <paramref name="path"/> in place, atomically: the change is made on a temporary
        /// copy beside it, which then replaces the file, so a failure never leaves a half-written
        /// library (and a hard link into a package cache is replaced, never written through).
        /// </summary>
        public static PatchOutcome MakeWeak(string path, string version)
        {
            var bytes = File.ReadAllBytes(path);
            var outcome = MakeWeak(bytes, version, path);
            if (outcome != PatchOutcome.Patched)
            {
                return outcome;
            }

            var temp = path + ".shapesharp-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(path, temp, overwrite: false); // keeps the file mode (the library is executable)
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                // The original's timestamp keeps MSBuild's incremental copy (same size and time:
                // skip) from copying the unpatched library over this one on the next build.
                File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
                File.Replace(temp, path, null); // rename(2) on Unix: readers see old or new, never half
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return outcome;
        }

        /// <summary>Patches an in-memory image; <paramref name="name"/> only names it in errors.</summary>
        public static PatchOutcome MakeWeak(byte[] image, string version, string name)
        {
            var elf = new Reader(image, name);
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            {
                throw elf.Error("not an ELF file");
            }

            if (image[4] != 2 || image[5] != 1)
            {
                throw elf.Error("not a 64-bit little-endian ELF file");
            }

            var sectionTable = elf.U64(0x28);
            var sectionSize = elf.U16(0x3A);
            var sectionCount = elf.U16(0x3C);
            if (sectionSize < 64)
            {
                throw elf.Error($"section header size {sectionSize} is smaller than 64");
            }

            for (var i = 0; i < sectionCount; i++)
            {
                var header = checked((long)sectionTable + (long)i * sectionSize);
                if (elf.U32(header + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                var offset = (long)elf.U64(header + 24);
                var entries = elf.U32(header + 44);
                var strings = elf.U32(header + 40);
                var stringsHeader = checked((long)sectionTable + (long)strings * sectionSize);
                if (strings >= sectionCount)
                {
                    throw elf.Error($"version section links to string table {strings} of {sectionCount}");
                }

                var stringsOffset = (long)elf.U64(stringsHeader + 24);
                var need = offset;
                for (var n = 0; n < entries; n++)
                {
                    var auxCount = elf.U16(need + 2);
                    var aux = need + elf.U32(need + 8);
                    for (var a = 0; a < auxCount; a++)
                    {
                        if (elf.CString(stringsOffset + elf.U32(aux + 8)) == version)
                        {
                            var flags = elf.U16(aux + 4);
                            if ((flags & VerFlgWeak) != 0)
                            {
                                return PatchOutcome.AlreadyWeak;
                            }

                            elf.WriteU16(aux + 4, (ushort)(flags | VerFlgWeak));
                            return PatchOutcome.Patched;
                        }

                        aux += elf.U32(aux + 12);
                    }

                    need += elf.U32(need + 12);
                }
            }

            return PatchOutcome.NotReferenced;
        }

        private readonly struct Reader
        {
            private readonly byte[] _image;
            private readonly string _name;

            public Reader(byte[] image, string name)
            {
                _image = image;
                _name = name;
            }

            public InvalidDataException Error(string what) =>
                new InvalidDataException($"{_name}: {what}; the libstdc++ version patch cannot apply.");

            public ushort U16(long at) => (ushort)(Byte(at) | Byte(at + 1) << 8);

            public uint U32(long at) => (uint)(U16(at) | U16(at + 2) << 16);

            public ulong U64(long at) => U32(at) | (ulong)U32(at + 4) << 32;

            public void WriteU16(long at, ushort value)
            {
                Check(at + 1);
                _image[at] = (byte)value;
                _image[at + 1] = (byte)(value >> 8);
            }

            public string CString(long at)
            {
                var end = at;
                while (Byte(end) != 0)
                {
                    end++;
                }

                return Encoding.ASCII.GetString(_image, checked((int)at), checked((int)(end - at)));
            }

            private byte Byte(long at)
            {
                Check(at);
                return _image[at];
            }

            private void Check(long at)
            {
                if (at < 0 || at >= _image.Length)
                {
                    throw Error($"truncated: offset {at} is past the end ({_image.Length} bytes)");
                }
            }
        }
    }

#if !SHAPESHARP_PATCH_TESTS
    /// <summary>
    /// MSBuild task: makes the GLIBCXX version requirement of the output copies of TorchSharp's
    /// native library weak. Refuses files under the NuGet package root, which are shared by every
    /// project on the machine and must stay as the package shipped them.
    /// </summary>
    public sealed class PatchLibStdCxxVersion : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public string PackageRoot { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                var path = Path.GetFullPath(item.ItemSpec);
                if (!File.Exists(path))
                {
                    continue;
                }

                if (PackageRoot.Length > 0 && path.StartsWith(Path.GetFullPath(PackageRoot), StringComparison.Ordinal))
                {
                    Log.LogError($"ShapeSharp: refusing to patch {path}: it is inside the NuGet package cache ({PackageRoot}).");
                    return false;
                }

                try
                {
                    var outcome = ElfVersionNeedPatch.MakeWeak(path, Version);
                    Log.LogMessage(
                        outcome == PatchOutcome.Patched ? Microsoft.Build.Framework.MessageImportance.Normal : Microsoft.Build.Framework.MessageImportance.Low,
                        $"ShapeSharp: {path}: {Version} {outcome}.");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException || e is OverflowException)
                {
                    Log.LogError($"ShapeSharp: could not patch {path}: {e.Message}");
                    return false;
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
