using Timbre.Testing;
using Timbre.App.Playlists;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Playlists;

/// <summary>An imported playlist matches catalog tracks by path, file name or tags and becomes likes, naming what it missed.</summary>
public sealed class PlaylistImportTests : IDisposable
{
    private readonly TempDir _dir = new("timbre-import-");
    private readonly SqliteCatalogStore _store;

    public PlaylistImportTests()
    {
        _store = new SqliteCatalogStore(_dir.File("catalog.db"));
        foreach (var (path, artist, title) in new[] { ("/lib/a/one.flac", "Ann", "First"), ("/lib/b/two.mp3", "Bob", "Second"), ("/lib/c/two.mp3", "Cy", "Third"), ("/lib/d/four.ogg", "Dee", "Fourth") })
        {
            _store.UpsertTrack(new TrackRecord { Path = path, SizeBytes = 1, Artist = artist, Title = title });
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Entries_match_by_path_then_unique_file_name_then_artist_and_title()
    {
        var entries = PlaylistFiles.ReadM3u(
            "#EXTM3U\n/lib/a/one.flac\n../elsewhere/four.ogg\n#EXTINF:10,CY - third\nmissing.mp3\ntwo.mp3\n#EXTINF:5,Nobody - Nothing\nnothing.wav\n/lib/a/one.flac\n");

        var match = PlaylistImport.Match(_store, entries, "/playlists");

        Assert.Equal(["/lib/a/one.flac", "/lib/d/four.ogg", "/lib/c/two.mp3"], match.Matched.Select(t => t.Path));
        Assert.Equal([4, 5], match.Unmatched.Select(u => u.Number)); // two.mp3 is ambiguous; nothing.wav is unknown
    }

    [Fact]
    public void Matched_tracks_become_likes_once()
    {
        var ann = _store.CreateUser("ann", "");
        var match = PlaylistImport.Match(_store, PlaylistFiles.ReadM3u("/lib/a/one.flac\n/lib/d/four.ogg\n"), null);

        Assert.Equal(2, PlaylistImport.AddLikes(_store, ann.Id, match.Matched));
        Assert.Equal(0, PlaylistImport.AddLikes(_store, ann.Id, match.Matched));
        Assert.Equal(2, _store.ListInteractions(ann.Id).Count(i => i.Kind == InteractionKind.Like));
    }
}
