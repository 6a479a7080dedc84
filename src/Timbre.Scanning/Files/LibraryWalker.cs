namespace Timbre.Scanning;

/// <summary>A file found by the walk, with the stat data the incremental check needs.</summary>
/// <param name="Path">Full path.</param>
/// <param name="SizeBytes">Size in bytes.</param>
/// <param name="ModifiedUtc">Last-write time (UTC).</param>
public sealed record FoundFile(string Path, long SizeBytes, DateTime ModifiedUtc);

/// <summary>
/// Streams the audio files under a folder, depth first, each directory's entries in ordinal name order. Only one
/// directory's entries (and the stack of directories still to visit) are held in memory, never the whole library.
/// Unreadable directories are skipped; hidden and system entries (dot files on Unix) are skipped.
/// </summary>
public static class LibraryWalker
{
    /// <summary>Yields the files under <paramref name="root"/> whose extension is in <paramref name="extensions"/>.</summary>
    public static IEnumerable<FoundFile> Walk(string root, IReadOnlyCollection<string> extensions, bool followSymlinks, CancellationToken cancellationToken = default)
    {
        var accepted = new HashSet<string>(extensions, StringComparer.OrdinalIgnoreCase);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            ReturnSpecialDirectories = false,
        };

        // Real paths of visited directories, only needed (and only kept) when links are followed: it breaks cycles.
        var visited = followSymlinks ? new HashSet<string>(StringComparer.Ordinal) { RealPath(root) } : null;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirs = new List<string>();
            foreach (var entry in entries)
            {
                var isLink = entry.LinkTarget is not null;
                if (isLink && !followSymlinks)
                {
                    continue;
                }

                if (entry is DirectoryInfo d)
                {
                    if (visited is null || visited.Add(RealPath(d.FullName)))
                    {
                        subdirs.Add(d.FullName);
                    }

                    continue;
                }

                if (!accepted.Contains(Path.GetExtension(entry.Name)))
                {
                    continue;
                }

                var found = Stat(entry, isLink);
                if (found is not null)
                {
                    yield return found;
                }
            }

            for (var i = subdirs.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirs[i]);
            }
        }
    }

    /// <summary>
    /// Stats the listed files, in order, as <see cref="Walk"/> would have found them (a link's target's size and
    /// mtime); files that are gone or are not regular files are skipped, and a path listed twice is yielded once.
    /// </summary>
    public static IEnumerable<FoundFile> StatFiles(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var yielded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(Path.GetFullPath(path));
            if (!info.Exists || !yielded.Add(info.FullName))
            {
                continue;
            }

            var found = Stat(info, info.LinkTarget is not null);
            if (found is not null)
            {
                yield return found;
            }
        }
    }

    private static FoundFile? Stat(FileSystemInfo entry, bool isLink)
    {
        try
        {
            // For a followed link, stat the target (its size and mtime are the ones that change with the audio).
            var info = isLink ? entry.ResolveLinkTarget(returnFinalTarget: true) as FileInfo : (FileInfo)entry;
            if (info is null || !info.Exists)
            {
                return null;
            }

            info.Refresh();
            return new FoundFile(entry.FullName, info.Length, info.LastWriteTimeUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The directory's final link target, or its full path when it is not a link. Enough to break cycles and double
    /// visits: any second route into a folder passes through a link, whose target is compared here.
    /// </summary>
    private static string RealPath(string dir)
    {
        try
        {
            var target = new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator(target?.FullName ?? Path.GetFullPath(dir));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        }
    }
}
