namespace Timbre.Core.Catalog;

/// <summary>One audio file in the catalog: where it is, how to tell whether it changed, and its tags.</summary>
public sealed record TrackRecord
{
    /// <summary>Catalog id; 0 for a track not saved yet. Assigned by the store.</summary>
    public long Id { get; init; }

    /// <summary>Full path of the file; unique in the catalog.</summary>
    public required string Path { get; init; }

    /// <summary>File size in bytes when it was last catalogued.</summary>
    public long SizeBytes { get; init; }

    /// <summary>Last-write time of the file (UTC) when it was last catalogued; compared to the tick.</summary>
    public DateTime ModifiedUtc { get; init; }

    /// <summary>Content hash (see the store's hasher), or null when not computed.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Title tag, or null.</summary>
    public string? Title { get; init; }

    /// <summary>Artist tag, or null.</summary>
    public string? Artist { get; init; }

    /// <summary>Album tag, or null.</summary>
    public string? Album { get; init; }

    /// <summary>Genre as written in the file's tags (not the model's prediction), or null.</summary>
    public string? GenreTag { get; init; }

    /// <summary>Release year from the tags, or null.</summary>
    public int? Year { get; init; }

    /// <summary>Duration in seconds; 0 when unknown.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>
    /// The user who uploaded the file into the library (only they may delete it), or null for files found by a scan.
    /// A scan that later re-catalogues the file keeps the owner.
    /// </summary>
    public long? OwnerUserId { get; init; }

    /// <summary>Present or missing (see <see cref="TrackStatus"/>).</summary>
    public TrackStatus Status { get; init; } = TrackStatus.Present;
}
