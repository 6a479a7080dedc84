using Timbre.Core.Catalog;

namespace Timbre.Storage.Tests.Sqlite;

/// <summary>Library totals are reused between pages but always follow added, removed and re-filed tracks.</summary>
public sealed class TrackCountTests
{
    private static TrackRecord Track(int i, string? genre = "Jazz") => new()
    {
        Path = $"/m/river{i}.flac",
        SizeBytes = 1,
        ModifiedUtc = DateTime.UnixEpoch,
        Title = $"River {i}",
        GenreTag = genre,
        DurationSeconds = 100 + i,
    };

    [Fact]
    public void Totals_FollowTrackChanges_OnEveryConnection()
    {
        using var tmp = new TempCatalog();
        using var writer = tmp.Open();
        using var reader = tmp.Open();
        for (var i = 0; i < 5; i++)
        {
            writer.UpsertTrack(Track(i));
        }

        var all = new TrackQuery { Limit = 2 };
        var jazz = new TrackQuery { Limit = 2, Genre = "jazz" };
        var search = new TrackQuery { Limit = 2, Search = "river" };
        Assert.Equal(5, reader.ListTracks(all).Total);
        Assert.Equal(5, reader.ListTracks(all with { Offset = 2 }).Total);
        Assert.Equal(5, reader.ListTracks(jazz).Total);
        Assert.Equal(5, reader.ListTracks(search).Total);

        var added = writer.UpsertTrack(Track(9, "Pop"));
        Assert.Equal(6, reader.ListTracks(all).Total);
        Assert.Equal(5, reader.ListTracks(jazz).Total);
        Assert.Equal(6, reader.ListTracks(search).Total);

        writer.UpsertTrack(Track(1, "Pop"));
        Assert.Equal(4, reader.ListTracks(jazz).Total);

        writer.DeleteTrack(added.Id);
        Assert.Equal(5, reader.ListTracks(all).Total);
        Assert.Equal(5, reader.ListTracks(search).Total);
        Assert.Equal(5, writer.ListTracks(all).Total);
    }
}
