using Timbre.Core.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

public sealed class UserTests
{
    [Fact]
    public void CreateAndFind_AreCaseInsensitive_AndDuplicatesAreRejected()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var alice = store.CreateUser("Alice", "pbkdf2$abc");
        Assert.True(alice.Id > 0);
        Assert.Equal(alice, store.FindUserByName("alice"));
        Assert.Equal(alice, store.FindUser(alice.Id));
        Assert.Null(store.FindUserByName("bob"));
        var e = Assert.Throws<CatalogException>(() => store.CreateUser("ALICE", "x"));
        Assert.Contains("already taken", e.Message);
        Assert.Throws<CatalogException>(() => store.CreateUser("  ", "x"));
        store.CreateUser("bob", "");
        Assert.Equal(["Alice", "bob"], store.ListUsers().Select(u => u.Name));
    }

    [Fact]
    public void Interactions_RoundTrip_OrderedByTime_AndStreamForCf()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var tracks = TempCatalog.SaveSynthetic(store, 0, 3);
        var a = store.CreateUser("a", "");
        var b = store.CreateUser("b", "");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var added = new[]
        {
            store.AddInteraction(new InteractionRecord(0, b.Id, tracks[0].Id, InteractionKind.Play, 3, t0)),
            store.AddInteraction(new InteractionRecord(0, a.Id, tracks[1].Id, InteractionKind.Rating, 4, t0.AddSeconds(2))),
            store.AddInteraction(new InteractionRecord(0, a.Id, tracks[0].Id, InteractionKind.Like, 1, t0.AddSeconds(1))),
            store.AddInteraction(new InteractionRecord(0, a.Id, tracks[2].Id, InteractionKind.Dislike, 1, t0.AddSeconds(3))),
        };
        Assert.All(added, i => Assert.True(i.Id > 0));

        Assert.Equal([added[2], added[1], added[3]], store.ListInteractions(a.Id));
        Assert.Equal([added[0]], store.ListInteractions(b.Id));
        Assert.Equal([added[2], added[1], added[3], added[0]], store.ReadAllInteractions().ToList());
        Assert.Equal(4, store.GetStats().Interactions);
    }

    [Theory]
    [InlineData(InteractionKind.Rating, 0)]
    [InlineData(InteractionKind.Rating, 5.5)]
    [InlineData(InteractionKind.Like, 2)]
    [InlineData(InteractionKind.Dislike, -1)]
    [InlineData(InteractionKind.Play, 0)]
    [InlineData(InteractionKind.Play, double.NaN)]
    [InlineData((InteractionKind)9, 1)]
    public void Interactions_ValueOutsideItsKindsRange_Throws(InteractionKind kind, double value)
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var track = TempCatalog.SaveSynthetic(store, 0, 1)[0];
        var user = store.CreateUser("u", "");
        Assert.Throws<CatalogException>(() => store.AddInteraction(new InteractionRecord(0, user.Id, track.Id, kind, value, DateTimeOffset.UtcNow)));
        Assert.Equal(0, store.GetStats().Interactions);
    }

    [Fact]
    public void Interactions_UnknownUserOrTrack_Throws()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var track = TempCatalog.SaveSynthetic(store, 0, 1)[0];
        var user = store.CreateUser("u", "");
        Assert.Throws<CatalogException>(() => store.AddInteraction(new InteractionRecord(0, user.Id + 7, track.Id, InteractionKind.Like, 1, DateTimeOffset.UtcNow)));
        Assert.Throws<CatalogException>(() => store.AddInteraction(new InteractionRecord(0, user.Id, track.Id + 7, InteractionKind.Like, 1, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public void AddInteractions_SavesABatch_OrNoneWhenOneIsBad()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var tracks = TempCatalog.SaveSynthetic(store, 0, 2);
        var user = store.CreateUser("u", "");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var good = new[]
        {
            new InteractionRecord(0, user.Id, tracks[0].Id, InteractionKind.Play, 2, t0),
            new InteractionRecord(0, user.Id, tracks[1].Id, InteractionKind.Like, 1, t0.AddSeconds(1)),
        };
        Assert.Equal(2, store.AddInteractions(good));
        Assert.Equal(good.Select(i => (i.TrackId, i.Kind, i.Value, i.At)), store.ListInteractions(user.Id).Select(i => (i.TrackId, i.Kind, i.Value, i.At)));

        var unknownTrack = good.Append(new InteractionRecord(0, user.Id, tracks[1].Id + 9, InteractionKind.Like, 1, t0));
        var e = Assert.Throws<CatalogException>(() => store.AddInteractions(unknownTrack));
        Assert.Contains("none were saved", e.Message);
        Assert.Throws<CatalogException>(() => store.AddInteractions(good.Append(good[0] with { Kind = InteractionKind.Rating, Value = 9 })));
        Assert.Equal(2, store.GetStats().Interactions);
    }
}
