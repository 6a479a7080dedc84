namespace Timbre.Recommendation.Domain;

/// <summary>Where a deferred <see cref="TrackFeatures"/> reads what it does not hold (a mapped snapshot file and the catalog).</summary>
internal interface IDeferredTrackData
{
    /// <summary>Title (file name when untagged), artist, album and path of a track, read from the catalog.</summary>
    (string Title, string Artist, string Album, string Path) Tags(long id);

    /// <summary>A stored row's near-duplicate and artist keys (<see cref="Ranking.TrackKey.Hashes"/>).</summary>
    (ulong Name, ulong Artist) Keys(int row);

    /// <summary>A copy of a stored row's embedding.</summary>
    float[] Embedding(int row);

    /// <summary>A stored row's named statistics.</summary>
    IReadOnlyDictionary<string, float> Stats(int row);

    /// <summary>A stored row's label, or null.</summary>
    string? Genre(int row);
}
