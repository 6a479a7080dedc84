using Timbre.App.Library;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Web.Backend;

namespace Timbre.Web.Tests.Support;

/// <summary>
/// The one test double of <see cref="ITimbreBackend"/>: a thread-safe in-memory library for tests of the HTTP layer
/// (limits, auth, escaping, queueing). Similarity is the cosine of genre vectors; analysis reads only the WAV header
/// and can be made to block, to observe the analysis queue. The real backend is tested over a SQLite catalog.
/// </summary>
internal sealed class InMemoryBackend : ITimbreBackend
{
    private readonly object _gate = new();
    private readonly List<(TrackSummary Track, Dictionary<string, double> Genres, string Path)> _tracks = [];
    private readonly List<WebUser> _users = [];
    private readonly Dictionary<string, WebSession> _sessions = [];
    private readonly List<(long User, long Track, InteractionKind Kind)> _events = [];
    private long _nextId = 1;

    public static readonly string[] Labels = ["rock", "jazz", "classical", "electronic"];

    public Func<CancellationToken, Task>? AnalysisHook { get; set; }

    public TrackSummary Add(string title, string path, string genre, int? year = 2000, double seconds = 3, string artist = "Artist", long? owner = null)
    {
        lock (_gate)
        {
            var genres = Labels.ToDictionary(l => l, l => l == genre ? 0.7 : 0.1);
            var track = new TrackSummary(_nextId++, title, artist, "Album", year, seconds, genre, genre, owner);
            _tracks.Add((track, genres, path));
            return track;
        }
    }

    public LibraryPage ListTracks(LibraryQuery q)
    {
        lock (_gate)
        {
            var items = _tracks.Select(t => t.Track)
                .Where(t => q.Search is null || t.Title.Contains(q.Search, StringComparison.OrdinalIgnoreCase) || t.Artist.Contains(q.Search, StringComparison.OrdinalIgnoreCase))
                .Where(t => q.Genre is null || t.PredictedGenre == q.Genre)
                .Where(t => q.YearFrom is null || t.Year >= q.YearFrom)
                .Where(t => q.YearTo is null || t.Year <= q.YearTo)
                .Where(t => q.MinDurationSeconds is null || t.DurationSeconds >= q.MinDurationSeconds)
                .Where(t => q.MaxDurationSeconds is null || t.DurationSeconds <= q.MaxDurationSeconds);
            items = q.Sort switch
            {
                LibrarySort.Year => items.OrderBy(t => t.Year),
                LibrarySort.Duration => items.OrderBy(t => t.DurationSeconds),
                _ => items.OrderBy(t => t.Title, StringComparer.OrdinalIgnoreCase),
            };
            var list = items.ToList();
            if (q.Descending)
            {
                list.Reverse();
            }

            return new LibraryPage(list.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList(), list.Count, q.Page, q.PageSize);
        }
    }

    public IReadOnlyList<string> GenreLabels() => Labels;

    public TrackDetail? GetTrack(long id)
    {
        lock (_gate)
        {
            var t = _tracks.FirstOrDefault(x => x.Track.Id == id);
            return t.Path is null ? null : new TrackDetail(t.Track, t.Genres, "wav", new FileInfo(t.Path).Length);
        }
    }

    public string? GetAudioFile(long id)
    {
        lock (_gate)
        {
            return _tracks.FirstOrDefault(x => x.Track.Id == id).Path;
        }
    }

    public Spectrogram? GetSpectrogram(long id, CancellationToken cancellationToken)
    {
        if (GetTrack(id) is null)
        {
            return null;
        }

        var values = new float[20 * 16];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = -(i % 16) * 5f;
        }

        return new Spectrogram(values, 20, 16);
    }

    public Task<IReadOnlyList<RecommendationItem>> SimilarAsync(long id, SimilarMethod method, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(Similar(id, method, count));

    private IReadOnlyList<RecommendationItem> Similar(long id, SimilarMethod method, int count)
    {
        lock (_gate)
        {
            var seed = _tracks.First(t => t.Track.Id == id);
            return Rank(seed.Genres, count, [id], $"close to {seed.Track.Title} ({method})");
        }
    }

    public Task<UploadAnalysis> AnalyzeAsync(string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken) =>
        Task.FromResult(Analyze(audioFile, count, addition, cancellationToken));

    private UploadAnalysis Analyze(string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken)
    {
        AnalysisHook?.Invoke(cancellationToken).GetAwaiter().GetResult();
        var header = new byte[12];
        using (var f = File.OpenRead(audioFile))
        {
            f.ReadAtLeast(header, 12, throwOnEndOfStream: false);
        }

        if (header[0] != 'R' || header[1] != 'I' || header[2] != 'F' || header[3] != 'F' || header[8] != 'W')
        {
            throw new AudioDecodingException(audioFile, AudioFailure.NotAudio, "not a RIFF/WAVE file");
        }

        var genres = Labels.ToDictionary(l => l, l => l == "rock" ? 0.7 : 0.1);
        lock (_gate)
        {
            var recommendations = Rank(genres, count, [], "sounds like your upload");
            if (addition is not null)
            {
                var usage = GetUploadUsage(addition.OwnerUserId);
                addition.Check(new OwnedTracksUsage(usage.Tracks, usage.Bytes), new FileInfo(audioFile).Length);
            }

            return new UploadAnalysis(genres, "rock", 1, recommendations, addition is null ? null : Add(addition.Title, audioFile, "rock", owner: addition.OwnerUserId));
        }
    }

    public UploadUsage GetUploadUsage(long userId)
    {
        lock (_gate)
        {
            var owned = _tracks.Where(t => t.Track.OwnerId == userId).ToList();
            return new UploadUsage(owned.Count, owned.Sum(t => new FileInfo(t.Path).Length));
        }
    }

    public TrackDeletion DeleteTrack(long trackId, long userId)
    {
        lock (_gate)
        {
            var index = _tracks.FindIndex(t => t.Track.Id == trackId);
            if (index < 0)
            {
                return new TrackDeletion(DeleteOutcome.NotFound);
            }

            if (_tracks[index].Track.OwnerId != userId)
            {
                return new TrackDeletion(DeleteOutcome.NotOwner);
            }

            var path = _tracks[index].Path;
            _tracks.RemoveAt(index);
            _events.RemoveAll(e => e.Track == trackId);
            return new TrackDeletion(DeleteOutcome.Deleted, path);
        }
    }

    public bool IsCatalogued(string path)
    {
        lock (_gate)
        {
            return _tracks.Any(t => t.Path == path);
        }
    }

    public WebUser CreateUser(string name, string passwordHash)
    {
        lock (_gate)
        {
            if (_users.Any(u => UserNames.Key(u.Name) == UserNames.Key(name)))
            {
                throw new TimbreException("name taken");
            }

            var user = new WebUser(_users.Count + 1, name, passwordHash);
            _users.Add(user);
            return user;
        }
    }

    public WebUser? FindUser(string name)
    {
        lock (_gate)
        {
            return _users.FirstOrDefault(u => UserNames.Key(u.Name) == UserNames.Key(name));
        }
    }

    public WebUser? FindUser(long id)
    {
        lock (_gate)
        {
            return _users.FirstOrDefault(u => u.Id == id);
        }
    }

    public void SetPasswordHash(long userId, string passwordHash)
    {
        lock (_gate)
        {
            var index = _users.FindIndex(u => u.Id == userId);
            _users[index] = _users[index] with { PasswordHash = passwordHash };
        }
    }

    public WebSession CreateSession(long userId)
    {
        lock (_gate)
        {
            var session = new WebSession(Guid.NewGuid().ToString("N"), userId, DateTimeOffset.UtcNow);
            _sessions.Add(session.Id, session);
            return session;
        }
    }

    public WebSession? FindSession(string id)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    public void TouchSession(string id)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(id, out var session))
            {
                _sessions[id] = session with { LastSeenAt = DateTimeOffset.UtcNow };
            }
        }
    }

    public void RevokeSession(string id)
    {
        lock (_gate)
        {
            _sessions.Remove(id);
        }
    }

    public int RevokeSessions(long userId, string? keepId)
    {
        lock (_gate)
        {
            var doomed = _sessions.Values.Where(s => s.UserId == userId && s.Id != keepId).Select(s => s.Id).ToList();
            doomed.ForEach(id => _sessions.Remove(id));
            return doomed.Count;
        }
    }

    public void PruneSessions(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            foreach (var id in _sessions.Values.Where(s => s.LastSeenAt < cutoff).Select(s => s.Id).ToList())
            {
                _sessions.Remove(id);
            }
        }
    }

    public void AddInteraction(long userId, long trackId, InteractionKind kind)
    {
        lock (_gate)
        {
            _events.Add((userId, trackId, kind));
        }
    }

    public Task<TasteSummary> GetTasteAsync(long userId, CancellationToken cancellationToken = default) => Task.FromResult(GetTaste(userId));

    private TasteSummary GetTaste(long userId)
    {
        lock (_gate)
        {
            var state = new Dictionary<long, InteractionKind>();
            foreach (var e in _events.Where(e => e.User == userId && e.Kind != InteractionKind.Play))
            {
                state[e.Track] = e.Kind;
            }

            TrackSummary Track(long id) => _tracks.First(t => t.Track.Id == id).Track;
            var likes = state.Where(s => s.Value == InteractionKind.Like).Select(s => Track(s.Key)).ToList();
            var dislikes = state.Where(s => s.Value == InteractionKind.Dislike).Select(s => Track(s.Key)).ToList();
            var plays = _events.Where(e => e.User == userId && e.Kind == InteractionKind.Play).GroupBy(e => e.Track).ToDictionary(g => g.Key, g => g.Count());
            var shares = likes.GroupBy(t => t.PredictedGenre!).ToDictionary(g => g.Key, g => (double)g.Count() / likes.Count);
            return new TasteSummary(likes, dislikes, plays, shares);
        }
    }

    public Task<IReadOnlyList<RecommendationItem>> RecommendForAsync(long userId, UserMethod method, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(RecommendFor(userId, method, count));

    private IReadOnlyList<RecommendationItem> RecommendFor(long userId, UserMethod method, int count)
    {
        var taste = GetTaste(userId);
        lock (_gate)
        {
            var profile = Labels.ToDictionary(l => l, l => taste.GenreShares.GetValueOrDefault(l));
            var exclude = taste.Likes.Concat(taste.Dislikes).Select(t => t.Id).ToHashSet();
            return Rank(profile, count, exclude, $"fits your profile ({method})");
        }
    }

    private List<RecommendationItem> Rank(Dictionary<string, double> query, int count, IReadOnlyCollection<long> exclude, string why) =>
        _tracks.Where(t => !exclude.Contains(t.Track.Id))
            .Select(t => (t.Track, Score: Labels.Sum(l => query[l] * t.Genres[l])))
            .OrderByDescending(x => x.Score)
            .Take(count)
            .Select(x => new RecommendationItem(x.Track.Id, x.Track.Title, x.Track.Artist, x.Track.PredictedGenre, x.Track.DurationSeconds, x.Score, why))
            .ToList();
}
