using System.Numerics.Tensors;
using Timbre.App.Players;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Playlists;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>What players ask for: the library as albums and artists, API keys, playlists, similarity.</summary>
public sealed partial class CatalogBackend : IPlayerBackend
{
    private readonly object _libraryLock = new();
    private MusicLibrary? _library;
    private long _libraryBuiltAt;
    private long _libraryGeneration;
    private long _tracksGeneration;

    /// <inheritdoc />
    /// <remarks>Rebuilt after this server adds or deletes a track, and at most every change-check interval otherwise (a scan by another process).</remarks>
    public MusicLibrary Library()
    {
        lock (_libraryLock)
        {
            var now = Environment.TickCount64;
            var generation = Interlocked.Read(ref _tracksGeneration);
            if (_library is null || generation != _libraryGeneration || now - _libraryBuiltAt > (long)_options.ChangeCheckInterval.TotalMilliseconds)
            {
                _library = MusicLibrary.Build(Read(MusicLibrary.ReadPresent));
                _libraryBuiltAt = now;
                _libraryGeneration = generation;
            }

            return _library;
        }
    }

    /// <inheritdoc />
    public TrackRecord? FindTrackRecord(long id) => Read(s => s.FindTrack(id)) is { Status: TrackStatus.Present } t ? t : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<TrackRecord>> FindTrackRecordsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TrackRecord>>(s => [.. ids.Distinct().Select(s.FindTrack).OfType<TrackRecord>().Where(t => t.Status == TrackStatus.Present)], cancellationToken);

    /// <inheritdoc />
    public WebUser? FindUserByApiKey(string key)
    {
        var record = Read(s => ApiKeys.Find(s, key));
        if (record is null)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        if (record.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(5))
        {
            Store(s =>
            {
                s.TouchApiKey(record.Id, now);
                return 0;
            });
        }

        return FindUser(record.UserId);
    }

    /// <inheritdoc />
    public (ApiKeyRecord Record, string Key) CreateApiKey(long userId, string name) => Store(s => ApiKeys.Create(s, userId, name));

    /// <inheritdoc />
    public IReadOnlyList<ApiKeyRecord> ListApiKeys(long userId) => Read(s => s.ListApiKeys(userId));

    /// <inheritdoc />
    public bool RevokeApiKey(long userId, long keyId) => Store(s => s.DeleteApiKey(userId, keyId));

    /// <inheritdoc />
    public IReadOnlyDictionary<long, DateTimeOffset> Likes(long userId)
    {
        var latest = new Dictionary<long, InteractionRecord>();
        foreach (var e in Read(s => s.ListInteractions(userId)))
        {
            if (e.Kind is InteractionKind.Like or InteractionKind.Dislike)
            {
                latest[e.TrackId] = e; // oldest first: the latest opinion wins
            }
        }

        return latest.Values.Where(e => e.Kind == InteractionKind.Like).ToDictionary(e => e.TrackId, e => e.At);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<long, (int Count, DateTimeOffset Last)> Plays(long userId)
    {
        var plays = new Dictionary<long, (int Count, DateTimeOffset Last)>();
        foreach (var e in Read(s => s.ListInteractions(userId)).Where(e => e.Kind == InteractionKind.Play))
        {
            var (count, last) = plays.GetValueOrDefault(e.TrackId);
            plays[e.TrackId] = (count + (int)e.Value, e.At > last ? e.At : last);
        }

        return plays;
    }

    /// <inheritdoc />
    public void Unlike(long userId, long trackId)
    {
        lock (_snapshotLock)
        {
            if (Store(s => s.DeleteOpinions(userId, trackId)) > 0)
            {
                _live?.Invalidate(); // weights are folded from events; a removed event needs a reload
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SonicMatch>> SimilarToAsync(IReadOnlyList<long> seeds, int count, CancellationToken cancellationToken = default)
    {
        if (_options.SharedIndex is Timbre.App.SharedIndex.ISharedPlaylistIndex shared)
        {
            return SimilarToSharedAsync(shared, seeds, count, cancellationToken);
        }

        var snapshot = Snapshot();
        var known = seeds.Where(id => snapshot.Context.RowOf(id) >= 0).Distinct().ToList();
        if (known.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SonicMatch>>([]);
        }

        var results = snapshot.Recommender("m1").Recommend(RecommendationRequest.ForSeeds(known, count));
        return Task.FromResult<IReadOnlyList<SonicMatch>>(results.Select(r => new SonicMatch(r.TrackId, Similarity(snapshot, Mean(snapshot, known), r.TrackId))).ToList());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SonicMatch>> SonicPathAsync(long fromId, long toId, int count, CancellationToken cancellationToken = default)
    {
        if (_options.SharedIndex is Timbre.App.SharedIndex.ISharedPlaylistIndex shared)
        {
            return await SonicPathSharedAsync(shared, fromId, toId, count, cancellationToken).ConfigureAwait(false);
        }

        var snapshot = Snapshot();
        if (snapshot.Context.RowOf(fromId) < 0 || snapshot.Context.RowOf(toId) < 0)
        {
            throw new TimbreException("Both songs must have been analysed by this server's model; run timbre scan.");
        }

        var start = Mean(snapshot, [fromId]);
        var path = await new PlaylistBuilder(snapshot.Context).PathAsync(fromId, toId, count, cancellationToken).ConfigureAwait(false);
        return path.Select(id => new SonicMatch(id, Similarity(snapshot, start, id))).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<SonicMatch> MostTypical(IReadOnlyList<long> ids)
    {
        var snapshot = SnapshotOrNull();
        var known = snapshot is null ? [] : ids.Where(id => snapshot.Context.RowOf(id) >= 0).ToList();
        if (known.Count == 0)
        {
            return ids.Select(id => new SonicMatch(id, -1)).ToList();
        }

        var mean = Mean(snapshot!, known);
        return ids.Select(id => new SonicMatch(id, snapshot!.Context.RowOf(id) >= 0 ? Similarity(snapshot, mean, id) : -1))
            .OrderByDescending(m => m.Similarity).ThenBy(m => m.Id).ToList();
    }

    /// <inheritdoc />
    /// <remarks>Through the decoder's hardened path (<see cref="ICoverArtReader"/>); a file it refuses has no cover.</remarks>
    public byte[]? CoverArt(long trackId, int? size, CancellationToken cancellationToken)
    {
        if (_decoder is not ICoverArtReader reader || GetAudioFile(trackId) is not { } path)
        {
            return null;
        }

        try
        {
            return reader.ReadCoverArt(path, size, cancellationToken);
        }
        catch (AudioDecodingException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PlaylistRecord> ListPlaylists(long userId) => Read(s => s.ListPlaylists(userId));

    /// <inheritdoc />
    public PlaylistRecord? FindPlaylist(long id) => Read(s => s.FindPlaylist(id));

    /// <inheritdoc />
    public PlaylistRecord CreatePlaylist(long userId, string name, IReadOnlyList<long> trackIds) => Store(s => s.CreatePlaylist(userId, name, trackIds));

    /// <inheritdoc />
    public PlaylistRecord? UpdatePlaylist(long id, string? name, string? comment, IReadOnlyList<long>? trackIds) =>
        Store(s => s.UpdatePlaylist(id, name, comment, trackIds));

    /// <inheritdoc />
    public bool DeletePlaylist(long id) => Store(s => s.DeletePlaylist(id));

    /// <summary>Marks the track list changed (an upload or a deletion by this server).</summary>
    private void TracksChanged() => Interlocked.Increment(ref _tracksGeneration);

    private static float[] Mean(CatalogSnapshot snapshot, IReadOnlyList<long> ids)
    {
        var index = snapshot.Context.Index;
        var mean = new float[index.Dimension];
        foreach (var id in ids)
        {
            TensorPrimitives.Add(mean, index.VectorAt(snapshot.Context.RowOf(id)), mean);
        }

        return mean;
    }

    private static double Similarity(CatalogSnapshot snapshot, float[] reference, long id)
    {
        var row = snapshot.Context.RowOf(id);
        if (row < 0)
        {
            return -1;
        }

        var cosine = TensorPrimitives.CosineSimilarity(reference, snapshot.Context.Index.VectorAt(row));
        return float.IsFinite(cosine) ? Math.Round((1 + cosine) / 2, 4) : 0;
    }
}
