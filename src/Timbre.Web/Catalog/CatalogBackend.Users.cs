using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;
using Timbre.Recommendation.Recommenders;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Users, their interactions and their taste.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    public WebUser CreateUser(string name, string passwordHash) => ToWeb(Store(s => s.CreateUser(name, passwordHash)));

    /// <inheritdoc />
    public WebUser? FindUser(string name) => Read(s => s.FindUserByName(name)) is { } u ? ToWeb(u) : null;

    /// <inheritdoc />
    public WebUser? FindUser(long id) => Read(s => s.FindUser(id)) is { } u ? ToWeb(u) : null;

    /// <inheritdoc />
    public void SetPasswordHash(long userId, string passwordHash) => Store(s =>
    {
        s.SetPasswordHash(userId, passwordHash);
        return 0;
    });

    /// <inheritdoc />
    public WebSession CreateSession(long userId) => ToWeb(Store(s => s.CreateSession(userId)));

    /// <inheritdoc />
    public WebSession? FindSession(string id) => Read(s => s.FindSession(id)) is { } session ? ToWeb(session) : null;

    /// <inheritdoc />
    public void TouchSession(string id) => Store(s =>
    {
        s.TouchSession(id, DateTimeOffset.UtcNow);
        return 0;
    });

    /// <inheritdoc />
    public void RevokeSession(string id) => Store(s => s.DeleteSession(id));

    /// <inheritdoc />
    public int RevokeSessions(long userId, string? keepId) => Store(s => s.DeleteUserSessions(userId, keepId));

    /// <inheritdoc />
    public void PruneSessions(DateTimeOffset cutoff) => Store(s => s.DeleteSessionsIdleSince(cutoff));

    /// <inheritdoc />
    public void AddInteraction(long userId, long trackId, InteractionKind kind)
    {
        var record = new InteractionRecord(0, userId, trackId, kind, 1, DateTimeOffset.UtcNow);

        // Saved and applied under the snapshot lock, so a load running meanwhile cannot count it twice.
        lock (_snapshotLock)
        {
            var saved = Store(s => s.AddInteraction(record));
            _live?.Apply([saved]);
        }
    }

    /// <inheritdoc />
    public async Task<TasteSummary> GetTasteAsync(long userId, CancellationToken cancellationToken = default)
    {
        var events = await ReadAsync(s => s.ListInteractions(userId), cancellationToken).ConfigureAwait(false);
        var opinion = new Dictionary<long, InteractionKind>();
        var plays = new Dictionary<long, int>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case InteractionKind.Like:
                case InteractionKind.Dislike:
                    opinion[e.TrackId] = e.Kind; // oldest first: the latest opinion wins
                    break;
                case InteractionKind.Play:
                    plays[e.TrackId] = plays.GetValueOrDefault(e.TrackId) + (int)e.Value;
                    break;
            }
        }

        var snapshot = SnapshotOrNull();
        var records = await ReadAsync(s => opinion.Keys.Select(s.FindTrack).OfType<TrackRecord>().ToDictionary(t => t.Id), cancellationToken).ConfigureAwait(false);
        var summaries = Summaries([.. records.Values], snapshot).ToDictionary(t => t.Id);
        List<TrackSummary> Of(InteractionKind kind) =>
            opinion.Where(o => o.Value == kind && summaries.ContainsKey(o.Key)).Select(o => summaries[o.Key]).ToList();
        var likes = Of(InteractionKind.Like);
        var dislikes = Of(InteractionKind.Dislike);

        // The same genre shares the multicategory recommender uses (share of positive preference weight per top genre).
        var shares = new Dictionary<string, double>();
        if (snapshot is null && _options.SharedIndex is Timbre.App.SharedIndex.ISharedGenreIndex genres)
        {
            shares = await SharesSharedAsync(genres, events, cancellationToken).ConfigureAwait(false) ?? shares;
        }
        else if (snapshot is not null)
        {
            var seeds = SeedResolver.Resolve(snapshot.Context, RecommendationRequest.ForUser(CatalogSnapshot.UserKey(userId)));
            var values = GenreShares.Of(snapshot.Context, seeds);
            for (var g = 0; g < values.Length; g++)
            {
                if (values[g] > 0)
                {
                    shares[snapshot.Context.GenreLabels[g]] = values[g];
                }
            }
        }

        return new TasteSummary(likes, dislikes, plays, shares);
    }

    private static WebUser ToWeb(UserRecord u) => new(u.Id, u.Name, u.PasswordHash);

    private static WebSession ToWeb(SessionRecord s) => new(s.Id, s.UserId, s.LastSeenAt);
}
