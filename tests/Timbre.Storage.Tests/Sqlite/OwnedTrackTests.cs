using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>Issue 10: tracks uploaded by a user record the owner; deleting a track takes its rows; search never sees folders.</summary>
public sealed class OwnedTrackTests
{
    private static TrackRecord Track(string path, long size = 1000, long? owner = null, string? title = null) => new()
    {
        Path = path,
        SizeBytes = size,
        ModifiedUtc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Title = title,
        OwnerUserId = owner,
    };

    [Fact]
    public void Owner_RoundTrips_IsKeptWhenAScanRecataloguesTheFile_AndIsCountedInTheUsage()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var alice = store.CreateUser("alice", "");
        var bob = store.CreateUser("bob", "");
        var a1 = store.UpsertTrack(Track("/lib/uploads/a1.mp3", 300, alice.Id));
        store.UpsertTrack(Track("/lib/uploads/a2.mp3", 700, alice.Id));
        store.UpsertTrack(Track("/lib/scanned.mp3", 5000));
        Assert.Equal(alice.Id, a1.OwnerUserId);
        Assert.Equal(alice.Id, store.FindTrack(a1.Id)!.OwnerUserId);
        Assert.Null(store.FindTrackByPath("/lib/scanned.mp3")!.OwnerUserId);

        // A scan of the library folder upserts the same path without an owner: the owner stays.
        var rescanned = store.UpsertTrack(Track("/lib/uploads/a1.mp3", 300, owner: null, title: "tagged"));
        Assert.Equal(alice.Id, rescanned.OwnerUserId);
        Assert.Equal(alice.Id, store.FindTrack(a1.Id)!.OwnerUserId);

        Assert.Equal(new OwnedTracksUsage(2, 1000), store.GetOwnedTracksUsage(alice.Id));
        Assert.Equal(new OwnedTracksUsage(0, 0), store.GetOwnedTracksUsage(bob.Id));
    }

    [Fact]
    public void CatalogBeforeOwnedUploads_Migrates_WithNoOwners_AndAnOwnerWhoseAccountGoesIsCleared()
    {
        using var tmp = new TempCatalog();
        var before = SqliteCatalogStore.LatestSchemaVersion - 1;
        using (var old = new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: before))
        {
            old.CreateUser("u", "");
        }

        tmp.Exec("INSERT INTO tracks (path, size_bytes, mtime_ticks) VALUES ('/m/old.mp3', 10, 0)");
        using var store = tmp.Open();
        Assert.Equal(SqliteCatalogStore.LatestSchemaVersion, store.SchemaVersion);
        Assert.Null(store.FindTrackByPath("/m/old.mp3")!.OwnerUserId);
        var owned = store.UpsertTrack(Track("/m/new.mp3", owner: store.FindUserByName("u")!.Id));
        tmp.Exec("DELETE FROM users");
        Assert.Null(store.FindTrack(owned.Id)!.OwnerUserId);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void DeleteTrack_TakesItsAnalysesAndInteractions_AndLeavesTheOthers()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var tracks = TempCatalog.SaveSynthetic(store, 0, 3);
        var user = store.CreateUser("u", "");
        foreach (var t in tracks)
        {
            store.AddInteraction(new InteractionRecord(0, user.Id, t.Id, InteractionKind.Like, 1, DateTimeOffset.UtcNow));
        }

        Assert.True(store.DeleteTrack(tracks[1].Id));
        Assert.False(store.DeleteTrack(tracks[1].Id));
        Assert.Null(store.FindTrack(tracks[1].Id));
        Assert.Equal(new CatalogStats(2, 0, 2, 1, 2), store.GetStats());
        Assert.Equal(0, tmp.Scalar($"SELECT COUNT(*) FROM analyses WHERE track_id = {tracks[1].Id}"));
        Assert.DoesNotContain(store.ListInteractions(user.Id), i => i.TrackId == tracks[1].Id);
    }

    [Fact]
    public void Search_MatchesTagsAndTheFileName_NeverAFolderOfThePath()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        store.UpsertTrack(Track("/srv/secret-stash/Private Folder/holiday-mix.mp3") with { Artist = "Some Band", GenreTag = "Chiptune" });
        store.UpsertTrack(Track(@"C:\Users\admin\Music\windows-song.flac"));
        string[] Find(string text) => store.ListTracks(new TrackQuery { Search = text }).Items.Select(t => Path.GetFileName(t.Path.Replace('\\', '/'))).ToArray();

        Assert.Empty(Find("secret-stash"));
        Assert.Empty(Find("private folder"));
        Assert.Empty(Find("/srv"));
        Assert.Empty(Find("admin"));
        Assert.Empty(Find("Music"));
        Assert.Equal(["holiday-mix.mp3"], Find("HOLIDAY"));
        Assert.Equal(["holiday-mix.mp3"], Find("mix.mp3"));
        Assert.Equal(["holiday-mix.mp3"], Find("chiptune"));
        Assert.Equal(["holiday-mix.mp3"], Find("some band"));
        Assert.Equal(["windows-song.flac"], Find("windows-song"));
    }
}
