namespace Timbre.Scanning.Tests;

public sealed class LibraryWalkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("timbre-walk-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }

    private List<string> Walk(bool follow) =>
        [.. LibraryWalker.Walk(_root, ScanOptions.DefaultExtensions, follow).Select(f => Path.GetRelativePath(_root, f.Path))];

    [Fact]
    public void Walk_IsRecursive_FiltersExtensionsCaseInsensitively_SkipsHidden_InDeterministicOrder()
    {
        Touch("b/z.flac");
        Touch("b/a.MP3");
        Touch("a/deep/er/x.opus");
        Touch("c.wav");
        Touch("notes.txt");
        Touch(".hidden/h.wav");
        Touch("a/.dot.wav");

        var found = Walk(follow: false);

        Assert.Equal(["c.wav", "a/deep/er/x.opus", "b/a.MP3", "b/z.flac"], found);
        var stat = LibraryWalker.Walk(_root, [".wav"], false).Single();
        Assert.Equal(3, stat.SizeBytes);
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(_root, "c.wav")), stat.ModifiedUtc);
    }

    [Fact]
    public void Symlinks_AreSkippedByDefault_FollowedWhenAsked_AndCyclesEnd()
    {
        Touch("real/song.wav");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "alias.wav"), Path.Combine(_root, "real/song.wav"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "real/loop"), _root); // a cycle back to the root

        Assert.Equal(["real/song.wav"], Walk(follow: false));

        var followed = Walk(follow: true);
        Assert.Contains("alias.wav", followed);
        // link/ and real/ are one folder (whichever comes first is walked) and loop/ is the root: each visited once.
        Assert.Equal(2, followed.Count);
        Assert.Single(followed, p => p.EndsWith("/song.wav", StringComparison.Ordinal));
    }
}
