using Timbre.App.Players;
using Timbre.Core.Catalog;

namespace Timbre.App.Playlists;

/// <summary>What an import matched and what it could not.</summary>
/// <param name="Matched">Catalog tracks found, in playlist order, without repeats.</param>
/// <param name="Unmatched">Entries no catalog track matched (1-based entry number and the entry).</param>
public sealed record PlaylistMatch(IReadOnlyList<TrackRecord> Matched, IReadOnlyList<(int Number, PlaylistEntry Entry)> Unmatched);

/// <summary>
/// Matches playlist entries to catalog tracks and records them as likes (<c>timbre user import-m3u</c>). An entry
/// matches by its path (relative ones against the playlist's folder), else by file name when exactly one catalog
/// track has it, else by artist and title from <c>#EXTINF</c> (case-insensitive) when exactly one track has both.
/// Nothing a playlist names is opened.
/// </summary>
public static class PlaylistImport
{
    /// <summary>Matches the entries against every present catalog track.</summary>
    public static PlaylistMatch Match(ITrackRepository tracks, IReadOnlyList<PlaylistEntry> entries, string? playlistFolder)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(entries);
        var all = MusicLibrary.ReadPresent(tracks);
        var byName = all.GroupBy(t => Path.GetFileName(t.Path), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var byTags = all.Where(t => t.Artist is not null && t.Title is not null)
            .GroupBy(t => Key(t.Artist!, t.Title!), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var matched = new List<TrackRecord>();
        var seen = new HashSet<long>();
        var unmatched = new List<(int, PlaylistEntry)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var track = ByPath(tracks, e.Location, playlistFolder)
                ?? (byName.TryGetValue(FileName(e.Location), out var named) && named.Count == 1 ? named[0] : null)
                ?? (e.Artist is not null && e.Title is not null && byTags.TryGetValue(Key(e.Artist, e.Title), out var tagged) && tagged.Count == 1 ? tagged[0] : null);
            if (track is null)
            {
                unmatched.Add((i + 1, e));
            }
            else if (seen.Add(track.Id))
            {
                matched.Add(track);
            }
        }

        return new PlaylistMatch(matched, unmatched);
    }

    /// <summary>Records a like of each matched track not liked already, in one transaction. Returns how many were added.</summary>
    public static int AddLikes(IUserRepository users, long userId, IReadOnlyList<TrackRecord> matched)
    {
        ArgumentNullException.ThrowIfNull(users);
        var liked = users.ListInteractions(userId).Where(i => i.Kind is InteractionKind.Like or InteractionKind.Dislike)
            .GroupBy(i => i.TrackId).Where(g => g.Last().Kind == InteractionKind.Like).Select(g => g.Key).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        return users.AddInteractions(matched.Where(t => !liked.Contains(t.Id)).Select(t => new InteractionRecord(0, userId, t.Id, InteractionKind.Like, 1, now)).ToList());
    }

    private static TrackRecord? ByPath(ITrackRepository tracks, string location, string? folder)
    {
        if (location.Length == 0 || location.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var full = Path.IsPathFullyQualified(location) || folder is null ? Path.GetFullPath(location) : Path.GetFullPath(Path.Combine(folder, location));
            return tracks.FindTrackByPath(full) is { Status: TrackStatus.Present } t ? t : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static string FileName(string location) => Path.GetFileName(location.Replace('\\', '/'));

    private static string Key(string artist, string title) => UserNames.Key(artist) + "\n" + UserNames.Key(title);
}
