using Timbre.Core.Catalog;

namespace Timbre.Data.Tests.Catalog;

public class TrackGroupingTests
{
    private static TrackRecord T(string path, string? album = null, string? artist = null) => new() { Path = path, Album = album, Artist = artist };

    [Fact]
    public void ArtistAlbumLayout_WithoutTags_TakesAlbumAndArtistFromFolders()
    {
        var groups = TrackGrouping.Assign(
        [
            T("/music/Ann/First/1.ogg"), T("/music/Ann/First/2.ogg"), T("/music/Ann/Second/1.ogg"), T("/music/Bob/First/1.ogg"),
        ]);

        Assert.Equal(["Ann", "Ann", "Ann", "Bob"], groups.Select(g => g.Artist));
        Assert.All(groups, g => Assert.Equal(GroupSource.Folder, g.ArtistSource));
        Assert.Equal(groups[0].AlbumKey, groups[1].AlbumKey);
        Assert.NotEqual(groups[0].AlbumKey, groups[2].AlbumKey);
        Assert.NotEqual(groups[0].AlbumKey, groups[3].AlbumKey); // same folder name "First", other artist: another album
        Assert.Equal("Second", groups[2].Album);
        Assert.StartsWith("First (", groups[0].Album); // two albums named First are told apart by their folder
        Assert.NotEqual(groups[0].Album, groups[3].Album);
    }

    [Fact]
    public void FlatAlbumLayout_HasNoArtistFolder_SoArtistComesFromTagsOnly()
    {
        var groups = TrackGrouping.Assign([T("/lib/x/1.ogg", artist: "Cy"), T("/lib/x/2.ogg"), T("/lib/y/1.ogg")]);
        Assert.Equal(["Cy", null, null], groups.Select(g => g.Artist));
        Assert.Equal([GroupSource.Tag, GroupSource.Unknown, GroupSource.Unknown], groups.Select(g => g.ArtistSource));
        Assert.Equal(["x", "x", "y"], groups.Select(g => g.Album));
        Assert.Equal("cy", groups[0].ArtistKey);
    }

    [Fact]
    public void GivenLibraryRoot_DecidesWhetherTheFolderAboveIsAnArtist()
    {
        // Every track in one artist's folders: the common folder would be the artist; the root says otherwise.
        TrackRecord[] tracks = [T("/m/Ann/A/1.ogg"), T("/m/Ann/B/1.ogg")];
        Assert.All(TrackGrouping.Assign(tracks, "/m"), g => Assert.Equal("Ann", g.Artist));
        Assert.All(TrackGrouping.Assign(tracks), g => Assert.Null(g.Artist));
    }

    [Fact]
    public void AFolderIsOneAlbum_NamedByItsMostCommonTag_WithMinorityAndMissingTagsFolded()
    {
        var groups = TrackGrouping.Assign(
        [
            T("/lib/pkg/1.ogg", "SuperTux Soundtrack"), T("/lib/pkg/2.ogg", "SuperTux Soundtrack"), T("/lib/pkg/3.ogg", "supertux soundtrack"),
            T("/lib/pkg/4.ogg", "Something Else"), T("/lib/pkg/5.ogg"),
        ]);
        Assert.Single(groups.Select(g => g.AlbumKey).Distinct());
        Assert.All(groups, g => Assert.Equal("SuperTux Soundtrack", g.Album));
        Assert.Equal([GroupSource.Tag, GroupSource.Tag, GroupSource.Tag, GroupSource.FolderTag, GroupSource.FolderTag], groups.Select(g => g.AlbumSource));
    }

    [Fact]
    public void TagsThatTie_LeaveTheFolderName()
    {
        var groups = TrackGrouping.Assign([T("/lib/xmoto/1.ogg", "xmoto stk"), T("/lib/xmoto/2.ogg", "Musix 4 XMoto"), T("/lib/xmoto/3.ogg")]);
        Assert.All(groups, g => Assert.Equal("xmoto", g.Album));
        Assert.All(groups, g => Assert.Equal(GroupSource.Folder, g.AlbumSource));
    }

    [Fact]
    public void AFolderHoldingSeveralTaggedAlbums_IsSplitByTag()
    {
        var groups = TrackGrouping.Assign(
        [
            T("/dump/1.mp3", "One"), T("/dump/2.mp3", "One"), T("/dump/3.mp3", "One"), T("/dump/4.mp3", "Two"), T("/dump/5.mp3", "Two"), T("/dump/6.mp3"),
        ]);
        Assert.Equal(["One", "One", "One", "Two", "Two", "One"], groups.Select(g => g.Album));
        Assert.Equal(2, groups.Select(g => g.AlbumKey).Distinct().Count());
        Assert.Equal(GroupSource.FolderTag, groups[5].AlbumSource);

        var even = TrackGrouping.Assign([T("/d/1.mp3", "One"), T("/d/2.mp3", "One"), T("/d/3.mp3", "Two"), T("/d/4.mp3", "Two")]);
        Assert.Equal(["One", "One", "Two", "Two"], even.Select(g => g.Album));
    }

    [Fact]
    public void DiscFolders_BelongToTheAlbumAbove()
    {
        var groups = TrackGrouping.Assign([T("/m/Ann/Live/CD1/1.flac"), T("/m/Ann/Live/Disc 2/1.flac"), T("/m/Bob/Studio/1.flac")]);
        Assert.Equal(groups[0].AlbumKey, groups[1].AlbumKey);
        Assert.Equal(["Live", "Live", "Studio"], groups.Select(g => g.Album));
        Assert.Equal(["Ann", "Ann", "Bob"], groups.Select(g => g.Artist));
    }

    [Fact]
    public void SameAlbumTagInTwoFolders_IsTwoAlbums_AndEmptyInputIsEmpty()
    {
        var groups = TrackGrouping.Assign([T("/m/a/1.ogg", "Best Of"), T("/m/b/1.ogg", "Best Of")]);
        Assert.NotEqual(groups[0].AlbumKey, groups[1].AlbumKey);
        Assert.NotEqual(groups[0].Album, groups[1].Album);
        Assert.Empty(TrackGrouping.Assign([]));
    }
}
