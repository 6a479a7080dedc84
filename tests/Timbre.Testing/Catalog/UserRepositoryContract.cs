using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>The contract of <see cref="IUserRepository"/>.</summary>
public abstract class UserRepositoryContract : CatalogContract
{
    [Fact]
    public void CreateUser_StoresTheTrimmedName_AndFindsItByAnyCaseOrCompatibilityForm()
    {
        var ann = Users.CreateUser("  Ann ", "hash-1");

        Assert.Equal("Ann", ann.Name);
        Assert.Equal(ann, Users.FindUserByName("ANN"));
        Assert.Equal(ann, Users.FindUserByName("ａｎｎ")); // fullwidth: the same name after NFKC
        Assert.Equal(ann, Users.FindUser(ann.Id));
        Assert.Null(Users.FindUserByName("bob"));
        Assert.Null(Users.FindUser(ann.Id + 1000));
    }

    [Fact]
    public void ATakenOrEmptyName_IsACatalogException()
    {
        Users.CreateUser("Ann", "h");

        Assert.Throws<CatalogException>(() => Users.CreateUser("aNN", "h"));
        Assert.Throws<CatalogException>(() => Users.CreateUser("  ", "h"));
        Assert.Single(Users.ListUsers());
    }

    [Fact]
    public void ListUsers_IsInIdOrder_AndSetPasswordHashChangesOnlyThatUser()
    {
        var ann = Users.CreateUser("ann", "old");
        var bob = Users.CreateUser("bob", "old");

        Users.SetPasswordHash(bob.Id, "new");

        Assert.Equal([(ann.Id, "old"), (bob.Id, "new")], Users.ListUsers().Select(u => (u.Id, u.PasswordHash)));
        Assert.Throws<CatalogException>(() => Users.SetPasswordHash(bob.Id + 1000, "x"));
    }

    [Fact]
    public void Sessions_AreRandom_TouchedDeletedOneByOnePerUserAndWhenIdle()
    {
        var ann = Users.CreateUser("ann", "h");
        var bob = Users.CreateUser("bob", "h");
        var a1 = Users.CreateSession(ann.Id);
        var a2 = Users.CreateSession(ann.Id);
        var a3 = Users.CreateSession(ann.Id);
        var b1 = Users.CreateSession(bob.Id);

        Assert.Equal(4, new[] { a1.Id, a2.Id, a3.Id, b1.Id }.Distinct().Count());
        Assert.True(a1.Id.Length >= 32);
        Assert.Equal(a1, Users.FindSession(a1.Id));
        Assert.Null(Users.FindSession("no-such-session"));
        Assert.Throws<CatalogException>(() => Users.CreateSession(bob.Id + 1000));

        var later = a1.LastSeenAt.AddHours(1);
        Users.TouchSession(a1.Id, later);
        Assert.Equal(later, Users.FindSession(a1.Id)!.LastSeenAt);

        Assert.True(Users.DeleteSession(a2.Id));
        Assert.False(Users.DeleteSession(a2.Id));
        Assert.Equal(1, Users.DeleteUserSessions(ann.Id, keepId: a1.Id)); // a3 goes, a1 stays
        Assert.NotNull(Users.FindSession(a1.Id));
        Assert.Equal(1, Users.DeleteSessionsIdleSince(later.AddMinutes(-1))); // b1, idle since creation
        Assert.Equal(1, Users.DeleteUserSessions(ann.Id, keepId: null));
        Assert.Null(Users.FindSession(a1.Id));
    }

    [Fact]
    public void Interactions_AreValidated_ListedOldestFirst_AndStreamedByUserThenTime()
    {
        var tracks = Enumerable.Range(1, 2).Select(i => Tracks.UpsertTrack(Track(i))).ToList();
        var ann = Users.CreateUser("ann", "h");
        var bob = Users.CreateUser("bob", "h");
        var t = new DateTimeOffset(T0);

        var liked = Users.AddInteraction(new InteractionRecord(0, bob.Id, tracks[0].Id, InteractionKind.Like, 1, t.AddMinutes(5)));
        Users.AddInteraction(new InteractionRecord(0, bob.Id, tracks[1].Id, InteractionKind.Rating, 4, t.AddMinutes(1)));
        Assert.Equal(2, Users.AddInteractions(
        [
            new InteractionRecord(0, ann.Id, tracks[1].Id, InteractionKind.Play, 3, t.AddMinutes(2)),
            new InteractionRecord(0, ann.Id, tracks[0].Id, InteractionKind.Dislike, 1, t),
        ]));

        Assert.True(liked.Id > 0);
        Assert.Equal([InteractionKind.Rating, InteractionKind.Like], Users.ListInteractions(bob.Id).Select(i => i.Kind));
        Assert.Equal(liked, Users.ListInteractions(bob.Id)[1]);
        Assert.Equal(
            [(ann.Id, InteractionKind.Dislike), (ann.Id, InteractionKind.Play), (bob.Id, InteractionKind.Rating), (bob.Id, InteractionKind.Like)],
            Users.ReadAllInteractions().Select(i => (i.UserId, i.Kind)));
    }

    [Fact]
    public void ABadInteraction_IsACatalogException_AndABulkAddWithOneSavesNone()
    {
        var track = Tracks.UpsertTrack(Track(1));
        var ann = Users.CreateUser("ann", "h");
        var t = new DateTimeOffset(T0);

        Assert.Throws<CatalogException>(() => Users.AddInteraction(new InteractionRecord(0, ann.Id, track.Id, InteractionKind.Rating, 9, t)));
        Assert.Throws<CatalogException>(() => Users.AddInteraction(new InteractionRecord(0, ann.Id, track.Id + 1000, InteractionKind.Like, 1, t)));
        Assert.Throws<CatalogException>(() => Users.AddInteractions(
        [
            new InteractionRecord(0, ann.Id, track.Id, InteractionKind.Like, 1, t),
            new InteractionRecord(0, ann.Id + 1000, track.Id, InteractionKind.Like, 1, t),
        ]));

        Assert.Empty(Users.ListInteractions(ann.Id));
    }
}
