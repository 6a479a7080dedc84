using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Timbre.Web.Backend;

namespace Timbre.Web.Uploads;

/// <summary>
/// Where uploads live and how a killed server's leftovers are removed: uploads arrive in a dedicated temp folder
/// (<see cref="TimbreWebOptions.TempDirectory"/>); a song added to the library is copied to
/// <c>LIBRARY/uploads/NAME.partial</c>, flushed to disk and renamed to <c>NAME</c>, so a copy is either whole or
/// recognisably partial. At start the server deletes every temp upload, every <c>.partial</c> file and every
/// server-named upload file that no catalog track points to.
/// </summary>
public static partial class UploadFolders
{
    /// <summary>Prefix of the temp files that receive uploads.</summary>
    public const string TempPrefix = "timbre-upload-";

    /// <summary>Suffix of a library copy still being written.</summary>
    public const string PartialSuffix = ".partial";

    private const string LockName = ".timbre-serve.lock";

    /// <summary>The temp folder <c>timbre serve</c> uses for a catalog: <c>TEMP/timbre-uploads-&lt;hash of its full path&gt;</c>.</summary>
    public static string TempFolderFor(string catalogPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(catalogPath)));
        return Path.Combine(Path.GetTempPath(), "timbre-uploads-" + Convert.ToHexStringLower(hash)[..12]);
    }

    /// <summary>The folder of uploads added to the library: <c>LIBRARY/uploads</c>.</summary>
    public static string LibraryUploads(string libraryDirectory) => Path.Combine(Path.GetFullPath(libraryDirectory), "uploads");

    /// <summary>
    /// Removes what a killed server left (see the class summary) and holds a lock on the temp folder until disposed,
    /// so a second server on the same catalog never deletes the first one's uploads in flight (it skips the cleanup).
    /// </summary>
    public static IDisposable CleanAtStart(TimbreWebOptions options, ITimbreBackend backend, ILogger logger)
    {
        Directory.CreateDirectory(options.TempDirectory);
        FileStream? held;
        try
        {
            held = new FileStream(Path.Combine(options.TempDirectory, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            logger.LogWarning("Another Timbre server uses the upload folder {Folder}; leaving its files alone.", options.TempDirectory);
            return new NoLock();
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(options.TempDirectory, TempPrefix + "*"))
        {
            removed += Delete(file);
        }

        if (options.LibraryDirectory is { } library && Directory.Exists(LibraryUploads(library)))
        {
            foreach (var file in Directory.EnumerateFiles(LibraryUploads(library)))
            {
                var name = Path.GetFileName(file);
                if (name.EndsWith(PartialSuffix, StringComparison.Ordinal) || (ServerName().IsMatch(name) && !backend.IsCatalogued(file)))
                {
                    removed += Delete(file);
                }
            }
        }

        if (removed > 0)
        {
            logger.LogWarning("Removed {Count} upload files left by a server that stopped mid-upload.", removed);
        }

        return held;
    }

    /// <summary>Copies the upload into <c>LIBRARY/uploads</c> under a server-chosen name, atomically (partial file, fsync, rename).</summary>
    internal static string CopyIntoLibrary(string libraryDirectory, ReceivedUpload upload)
    {
        var folder = LibraryUploads(libraryDirectory);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24] + upload.Extension);
        string? partial = target + PartialSuffix;
        try
        {
            using (var source = new FileStream(upload.TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                source.CopyTo(output);
                output.Flush(flushToDisk: true);
            }

            File.Move(partial, target);
            partial = null;
            return target;
        }
        finally
        {
            if (partial is not null)
            {
                TempFiles.Delete(partial);
            }
        }
    }

    /// <summary>Deletes a deleted track's file when it is one of the library's uploads (never any other file).</summary>
    internal static void DeleteLibraryFile(TimbreWebOptions options, string path)
    {
        if (options.LibraryDirectory is { } library
            && string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), LibraryUploads(library), StringComparison.Ordinal))
        {
            TempFiles.Delete(path);
        }
    }

    private sealed class NoLock : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private static int Delete(string file)
    {
        TempFiles.Delete(file);
        return File.Exists(file) ? 0 : 1;
    }

    /// <summary>The names <see cref="CopyIntoLibrary"/> gives (time, random id, known extension); other files are the user's.</summary>
    [GeneratedRegex(@"^\d{8}-\d{6}-[0-9a-f]{8}\.(mp3|wav|flac|ogg|m4a)$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerName();
}
