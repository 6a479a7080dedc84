using Microsoft.Extensions.Logging.Abstractions;
using Timbre.Web.Tests.Support;
using Timbre.Web.Uploads;

namespace Timbre.Web.Tests.Api;

/// <summary>The start-up cleanup of what a killed server left, and the per-catalog temp folder.</summary>
public sealed class UploadFoldersTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Start_up_removes_temp_uploads_partial_and_orphan_copies_but_not_catalogued_or_foreign_files()
    {
        var options = new TimbreWebOptions { TempDirectory = _dir.File("tmp"), LibraryDirectory = _dir.File("lib") };
        var uploads = UploadFolders.LibraryUploads(options.LibraryDirectory!);
        Directory.CreateDirectory(options.TempDirectory);
        Directory.CreateDirectory(uploads);
        var backend = new InMemoryBackend();
        string Put(string folder, string name)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, TestWav.Tone(440, 0.1));
            return path;
        }

        var stale = Put(options.TempDirectory, "timbre-upload-0123456789abcdef.wav");
        var unrelatedTemp = Put(options.TempDirectory, "notes.txt");
        var partial = Put(uploads, "20250101-120000-deadbeef.mp3.partial");
        var orphan = Put(uploads, "20250101-120000-0badc0de.flac");
        var kept = Put(uploads, "20250101-120001-cafef00d.wav");
        var users = Put(uploads, "20250101-120000-0badc0de (my copy).wav");
        backend.Add("kept", kept, "rock");

        using (UploadFolders.CleanAtStart(options, backend, NullLogger.Instance))
        {
            Assert.False(File.Exists(stale));
            Assert.False(File.Exists(partial));
            Assert.False(File.Exists(orphan));
            Assert.True(File.Exists(kept));
            Assert.True(File.Exists(users));
            Assert.True(File.Exists(unrelatedTemp));

            // A second server on the same temp folder finds it locked and touches nothing.
            var inFlight = Put(options.TempDirectory, "timbre-upload-fedcba9876543210.mp3");
            using (UploadFolders.CleanAtStart(options, backend, NullLogger.Instance))
            {
                Assert.True(File.Exists(inFlight));
            }
        }

        // Once the first server is gone, the next start cleans again.
        using (UploadFolders.CleanAtStart(options, backend, NullLogger.Instance))
        {
            Assert.Empty(Directory.GetFiles(options.TempDirectory, "timbre-upload-*"));
        }
    }

    [Fact]
    public void Serve_gets_one_temp_folder_per_catalog()
    {
        var a = UploadFolders.TempFolderFor("data/a.db");
        Assert.Equal(a, UploadFolders.TempFolderFor(Path.GetFullPath("data/a.db")));
        Assert.NotEqual(a, UploadFolders.TempFolderFor("data/b.db"));
        Assert.Equal(Path.GetFullPath(Path.GetTempPath()), Path.GetFullPath(Path.GetDirectoryName(a)!) + Path.DirectorySeparatorChar);
        Assert.StartsWith("timbre-uploads-", Path.GetFileName(a), StringComparison.Ordinal);
    }
}
