using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="IApiKeyRepository"/>, <see cref="IPlaylistRepository"/> and the "unstar" of <see cref="IUserRepository.DeleteOpinions"/>.</summary>
public abstract class PlayerRepositoryContract : CatalogContract
{
    /// <summary>The API keys role of the catalog.</summary>
    protected IApiKeyRepository Keys => Catalog;

    /// <summary>The playlists role of the catalog.</summary>
    protected IPlaylistRepository Playlists => Catalog;

    [Fact]
    public void ApiKeys_AreFoundByHashOnly_ListedPerUser_TouchedAndRevokedByTheirOwnerOnly()
    {
        var ann = Users.CreateUser("ann", "h");
        var bob = Users.CreateUser("bob", "h");
        var k1 = Keys.CreateApiKey(ann.Id, " phone ", "tmb_abcd", "hash-1");
        var k2 = Keys.CreateApiKey(ann.Id, "laptop", "tmb_efgh", "hash-2");
        var kb = Keys.CreateApiKey(bob.Id, "phone", "tmb_ijkl", "hash-3");

        Assert.Equal("phone", k1.Name);
        Assert.Null(k1.LastUsedAt);
        Assert.Equal(k2, Keys.FindApiKey("hash-2"));
        Assert.Null(Keys.FindApiKey("tmb_efgh"));
        Assert.Equal([k1.Id, k2.Id], Keys.ListApiKeys(ann.Id).Select(k => k.Id));
        Assert.Throws<CatalogException>(() => Keys.CreateApiKey(ann.Id, "again", "tmb_x", "hash-1"));
        Assert.Throws<CatalogException>(() => Keys.CreateApiKey(bob.Id + 1000, "nobody", "tmb_y", "hash-9"));
        Assert.Throws<CatalogException>(() => Keys.CreateApiKey(ann.Id, " ", "tmb_z", "hash-8"));

        var at = new DateTimeOffset(T0);
        Keys.TouchApiKey(k1.Id, at);
        Assert.Equal(at, Keys.FindApiKey("hash-1")!.LastUsedAt);

        Assert.False(Keys.DeleteApiKey(bob.Id, k1.Id)); // not bob's
        Assert.True(Keys.DeleteApiKey(ann.Id, k1.Id));
        Assert.Null(Keys.FindApiKey("hash-1"));
        Assert.Equal(kb, Keys.FindApiKey("hash-3"));
    }

    [Fact]
    public void Playlists_KeepOrderAndRepeats_UpdatePartsOnly_AndLoseDeletedTracks()
    {
        var ann = Users.CreateUser("ann", "h");
        var t = SaveAnalysed(0, 3);
        var p = Playlists.CreatePlaylist(ann.Id, " Mix ", [t[2].Id, t[0].Id, t[2].Id]);

        Assert.Equal("Mix", p.Name);
        Assert.Null(p.Comment);
        Assert.Equal([t[2].Id, t[0].Id, t[2].Id], p.TrackIds);
        Assert.Equal(p.Name, Playlists.FindPlaylist(p.Id)!.Name);
        Assert.Equal(p.TrackIds, Playlists.FindPlaylist(p.Id)!.TrackIds);

        var renamed = Playlists.UpdatePlaylist(p.Id, "Evening", "for later", null)!;
        Assert.Equal(("Evening", "for later"), (renamed.Name, renamed.Comment));
        Assert.Equal(p.TrackIds, renamed.TrackIds);
        var retracked = Playlists.UpdatePlaylist(p.Id, null, "", [t[1].Id])!;
        Assert.Equal(("Evening", (string?)null), (retracked.Name, retracked.Comment));
        Assert.Equal([t[1].Id], retracked.TrackIds);
        Assert.Null(Playlists.UpdatePlaylist(p.Id + 1000, "x", null, null));

        Tracks.DeleteTrack(t[1].Id);
        Assert.Empty(Playlists.FindPlaylist(p.Id)!.TrackIds);
        Assert.Single(Playlists.ListPlaylists(ann.Id));
        Assert.True(Playlists.DeletePlaylist(p.Id));
        Assert.False(Playlists.DeletePlaylist(p.Id));
        Assert.Empty(Playlists.ListPlaylists(ann.Id));
    }

    [Fact]
    public void APlaylistWithAnUnknownTrackOrNoName_IsRefusedWhole()
    {
        var ann = Users.CreateUser("ann", "h");
        var t = SaveAnalysed(0, 1);

        Assert.Throws<CatalogException>(() => Playlists.CreatePlaylist(ann.Id, "Mix", [t[0].Id, t[0].Id + 1000]));
        Assert.Throws<CatalogException>(() => Playlists.CreatePlaylist(ann.Id, "  ", [t[0].Id]));
        Assert.Throws<CatalogException>(() => Playlists.CreatePlaylist(ann.Id + 1000, "Mix", [t[0].Id]));
        Assert.Empty(Playlists.ListPlaylists(ann.Id));

        var p = Playlists.CreatePlaylist(ann.Id, "Mix", [t[0].Id]);
        Assert.Throws<CatalogException>(() => Playlists.UpdatePlaylist(p.Id, "Renamed", null, [t[0].Id + 1000]));
        Assert.Equal("Mix", Playlists.FindPlaylist(p.Id)!.Name);
        Assert.Equal([t[0].Id], Playlists.FindPlaylist(p.Id)!.TrackIds);
    }

    [Fact]
    public void DeleteOpinions_ForgetsLikesAndDislikesOfOneTrack_KeepingPlays()
    {
        var ann = Users.CreateUser("ann", "h");
        var t = SaveAnalysed(0, 2);
        var at = new DateTimeOffset(T0);
        Users.AddInteraction(new InteractionRecord(0, ann.Id, t[0].Id, InteractionKind.Like, 1, at));
        Users.AddInteraction(new InteractionRecord(0, ann.Id, t[0].Id, InteractionKind.Play, 1, at));
        Users.AddInteraction(new InteractionRecord(0, ann.Id, t[1].Id, InteractionKind.Like, 1, at));

        Assert.Equal(1, Users.DeleteOpinions(ann.Id, t[0].Id));

        Assert.Equal(
            [(t[0].Id, InteractionKind.Play), (t[1].Id, InteractionKind.Like)],
            Users.ListInteractions(ann.Id).Select(i => (i.TrackId, i.Kind)).OrderBy(x => x.Item1));
    }
}
