using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using ShapeSharp.Build;

namespace ShapeSharp.Runtime.Tests.Native;

/// <summary>
/// The build's libstdc++ version patch, on a copy of the library the TorchSharp package ships:
/// it changes exactly the flag, once, and never the package's own file.
/// </summary>
public sealed class LibStdCxxPatchTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string PackageLibrary()
    {
        // The package copy: torchsharp/<version>/runtimes/linux-x64/native under the NuGet root.
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3),
            "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's native library not found at {path}");
        return path;
    }

    [Fact]
    public void Patches_a_copy_once_and_leaves_the_package_file_alone()
    {
        var package = PackageLibrary();
        var before = SHA256.HashData(File.ReadAllBytes(package));
        var copy = Path.Combine(_temp.Path, "libLibTorchSharp.so");
        File.Copy(package, copy);
        var original = File.ReadAllBytes(copy);

        Assert.Equal(PatchOutcome.Patched, ElfVersionNeedPatch.MakeWeak(copy, Version));
        var patched = File.ReadAllBytes(copy);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.Single(changed);                                   // one byte: the low byte of vna_flags
        Assert.Equal(0x2, (patched[changed[0]] ^ original[changed[0]]) & 0xff);

        Assert.Equal(PatchOutcome.AlreadyWeak, ElfVersionNeedPatch.MakeWeak(copy, Version));
        Assert.Equal(patched, File.ReadAllBytes(copy));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(package)));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    [Fact]
    public void A_version_the_library_does_not_ask_for_changes_nothing()
    {
        var copy = Path.Combine(_temp.Path, "lib.so");
        File.Copy(PackageLibrary(), copy);
        var original = File.ReadAllBytes(copy);
        Assert.Equal(PatchOutcome.NotReferenced, ElfVersionNeedPatch.MakeWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(original, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Non_elf_and_truncated_files_give_a_clear_error()
    {
        var text = Path.Combine(_temp.Path, "not-elf.so");
        File.WriteAllText(text, "this is not a shared library, just some text long enough to look at.........");
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatch.MakeWeak(text, Version));
        Assert.Contains("not an ELF file", error.Message);
        Assert.Contains(text, error.Message);

        var truncated = Path.Combine(_temp.Path, "truncated.so");
        File.WriteAllBytes(truncated, File.ReadAllBytes(PackageLibrary()).Take(4096).ToArray());
        error = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatch.MakeWeak(truncated, Version));
        Assert.Contains("truncated", error.Message);
    }
}
