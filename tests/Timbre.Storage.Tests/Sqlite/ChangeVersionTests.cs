using Timbre.Storage.CrashWriter;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>The change version a serving process polls: it moves on another connection's commit, and only then.</summary>
public sealed class ChangeVersionTests
{
    [Fact]
    public void ChangeVersion_MovesWhenAnotherConnectionCommits_NotOnReadsOrQuietTime()
    {
        using var tmp = new TempCatalog();
        using var server = tmp.Open();
        var v0 = server.ChangeVersion();
        server.GetStats();
        _ = server.ReadAnalyses("m", 1).ToList();
        Assert.Equal(v0, server.ChangeVersion());

        using (var scanner = tmp.Open())
        {
            TempCatalog.SaveSynthetic(scanner, 1, 2);
        }

        var v1 = server.ChangeVersion();
        Assert.NotEqual(v0, v1);
        Assert.Equal(v1, server.ChangeVersion());

        tmp.Exec("UPDATE tracks SET title = 'x' WHERE id = 1"); // any other connection, e.g. the sqlite3 shell
        Assert.NotEqual(v1, server.ChangeVersion());
        Assert.Equal(SyntheticLibrary.Track(2).Path, server.FindTrack(2)!.Path);
    }
}
