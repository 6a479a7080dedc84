using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>Server-side sessions and the NFKC case-folded user-name key.</summary>
public sealed class SessionTests
{
    [Fact]
    public void Sessions_are_created_found_touched_and_deleted_one_by_one_or_per_user()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var ann = store.CreateUser("ann", "h");
        var bob = store.CreateUser("bob", "h");
        var a1 = store.CreateSession(ann.Id);
        var a2 = store.CreateSession(ann.Id);
        var b1 = store.CreateSession(bob.Id);
        Assert.NotEqual(a1.Id, a2.Id);
        Assert.True(a1.Id.Length >= 40, "a session id carries 256 random bits");
        Assert.Equal(a1, store.FindSession(a1.Id));
        Assert.Null(store.FindSession("forged"));

        var later = a1.LastSeenAt.AddMinutes(10);
        store.TouchSession(a1.Id, later);
        Assert.Equal(later, store.FindSession(a1.Id)!.LastSeenAt);

        Assert.Equal(1, store.DeleteUserSessions(ann.Id, keepId: a1.Id));
        Assert.Null(store.FindSession(a2.Id));
        Assert.NotNull(store.FindSession(a1.Id));
        Assert.True(store.DeleteSession(a1.Id));
        Assert.False(store.DeleteSession(a1.Id));
        Assert.NotNull(store.FindSession(b1.Id));

        Assert.Equal(1, store.DeleteSessionsIdleSince(b1.LastSeenAt.AddMilliseconds(1)));
        Assert.Null(store.FindSession(b1.Id));
        Assert.Throws<CatalogException>(() => store.CreateSession(999));
    }

    [Fact]
    public void Password_hash_changes_and_an_unknown_user_is_an_error()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var user = store.CreateUser("cat", "old");
        store.SetPasswordHash(user.Id, "new");
        Assert.Equal("new", store.FindUser(user.Id)!.PasswordHash);
        Assert.Throws<CatalogException>(() => store.SetPasswordHash(999, "x"));
    }

    [Fact]
    public void User_names_are_unique_by_their_NFKC_case_folded_key()
    {
        using var tmp = new TempCatalog();
        using var store = tmp.Open();
        var emile = store.CreateUser("Émile", "h");
        Assert.Equal(emile, store.FindUserByName("ÉMILE"));
        Assert.Equal(emile, store.FindUserByName("E\u0301mile"));
        Assert.Throws<CatalogException>(() => store.CreateUser("ｅ\u0301ＭＩＬＥ", "h"));
        Assert.Null(store.FindUserByName("\u0415mile")); // Cyrillic Е: another name
    }

    [Fact]
    public void Catalog_at_version_4_gets_name_keys_and_keeps_both_of_two_names_that_now_fold_together()
    {
        using var tmp = new TempCatalog();
        using (new SqliteCatalogStore(tmp.Path, new SqliteCatalogOptions(), targetVersion: 4))
        {
        }

        // NOCASE folds ASCII only, so version 4 accepted both.
        tmp.Exec("INSERT INTO users (name, password_hash, created_at) VALUES ('émile', 'h1', 0), ('Émile', 'h2', 0), ('Zoë', 'h3', 0)");
        using var store = tmp.Open();
        Assert.Equal("h1", store.FindUserByName("ÉMILE")!.PasswordHash);
        Assert.Equal("h3", store.FindUserByName("ZOË")!.PasswordHash);
        Assert.Equal(3, store.ListUsers().Count);
        Assert.Equal(1, tmp.Scalar("SELECT COUNT(*) FROM users WHERE name_key LIKE '%#2'"));
        Assert.Equal("ok", store.IntegrityCheck());
    }
}
