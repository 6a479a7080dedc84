using Timbre.Build;

namespace Timbre.Models.Tests.Build;

public class ElfVersionPatcherTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string LibraryPath =>
        Path.Combine(Path.GetDirectoryName(typeof(ElfVersionPatcherTests).Assembly.Location)!, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void OutputLibraryNeedsNoFurtherPatchWhenSystemLacksVersion()
    {
        string? system = ElfVersionPatcher.FindSystemLibStdCxx();
        Assert.True(File.Exists(LibraryPath), $"missing {LibraryPath}");
        byte[] elf = File.ReadAllBytes(LibraryPath);
        int changed = ElfVersionPatcher.MarkVersionWeak(elf, Version);
        if (system is not null && !ElfVersionPatcher.FileContainsAscii(system, Version))
        {
            // The build step already marked the reference weak, so there is nothing left to change.
            Assert.Equal(0, changed);
        }
    }

    [Fact]
    public void PatchingAnUnpatchedCopyChangesExactlyTheVersionFlag()
    {
        string nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string? original = Directory.Exists(nugetRoot)
            ? Directory.EnumerateFiles(nugetRoot, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (original is null)
        {
            return; // package cache elsewhere; the load test still covers the patch
        }
        byte[] before = File.ReadAllBytes(original);
        byte[] after = (byte[])before.Clone();

        int changed = ElfVersionPatcher.MarkVersionWeak(after, Version);

        Assert.Equal(1, changed);
        int differing = before.Zip(after).Count(p => p.First != p.Second);
        Assert.Equal(1, differing);
        Assert.Equal(0, ElfVersionPatcher.MarkVersionWeak(after, Version));
    }

    [Fact]
    public void RejectsNonElfInput()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionWeak(new byte[100], Version));
    }
}
