using Timbre.App.Players;
using Timbre.Core.Catalog;

namespace Timbre.App.Tests.Players;

/// <summary>Albums and artists for players: grouped by the one grouping rule, ids stable across catalogs and spellings.</summary>
public sealed class MusicLibraryTests
{
    private static TrackRecord T(long id, string path, string? artist, string? album, TrackStatus status = TrackStatus.Present) =>
        new() { Id = id, Path = path, Artist = artist, Album = album, DurationSeconds = 60, Status = status };

    [Fact]
    public void Tracks_group_into_albums_and_artists_with_ids_from_normalised_names()
    {
        var tracks = new[]
        {
            T(1, "/m/Ann/Blue/02.flac", "Ann", "Blue"),
            T(2, "/m/Ann/Blue/01.flac", "ANN", "Blue"),
            T(3, "/m/Ann/Red/01.flac", "Ann", "Red"),
            T(4, "/m/Misc/x.flac", null, null),
            T(5, "/m/Ann/Red/gone.flac", "Ann", "Red", TrackStatus.Missing),
        };

        var library = MusicLibrary.Build(tracks);
        var again = MusicLibrary.Build(tracks.Reverse().Select(t => t with { Id = t.Id + 100 }).ToList());

        Assert.Equal(["Blue", "Misc", "Red"], library.Albums.Select(a => a.Name));
        var blue = library.Albums[0];
        Assert.Equal([2L, 1L], blue.Tracks.Select(t => t.Id)); // path order
        Assert.Equal(MusicLibrary.ArtistId("ann"), blue.ArtistId);
        Assert.Equal(2, library.Artist(blue.ArtistId)!.Albums.Count);
        Assert.Equal(4, library.TrackCount);
        Assert.Null(library.AlbumOf(5));
        Assert.Equal(library.Albums.Select(a => a.Id), again.Albums.Select(a => a.Id)); // ids do not depend on catalog ids or order
        Assert.StartsWith("al-", blue.Id);
        Assert.Equal(MusicLibrary.ArtistId("Ａｎｎ"), MusicLibrary.ArtistId("ann")); // NFKC, case-folded
    }
}
