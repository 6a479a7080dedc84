using System.Collections.Concurrent;
using Timbre.Web.Backend;

namespace Timbre.Web.Auth;

/// <summary>
/// Session rows as every signed-in request checks them, remembered for <see cref="Fresh"/> so page loads do not each
/// wait on the catalog. Revocations go through this cache and take effect at once on this server; a session
/// deleted in the catalog by another process (a sign-out on another web server) is noticed when the catalog's
/// change stamp moves (<see cref="ITimbreBackend.CatalogChangeStamp"/>, about a second), at the latest within
/// <see cref="Fresh"/>.
/// </summary>
internal sealed class SessionCache(ITimbreBackend backend)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (WebSession Session, DateTimeOffset CheckedAt, long Stamp)> _entries = new();
    private long _revocations;

    /// <summary>The live session with this id, or null.</summary>
    public WebSession? Find(string id)
    {
        var now = DateTimeOffset.UtcNow;
        // Read before the row: a commit elsewhere after this moves the stamp again and is checked next time.
        var stamp = backend.CatalogChangeStamp();
        if (_entries.TryGetValue(id, out var entry) && now - entry.CheckedAt < Fresh && entry.Stamp == stamp)
        {
            return entry.Session;
        }

        // A revocation between the read and the insert must not leave the revoked row cached.
        var revocationsBefore = Interlocked.Read(ref _revocations);
        var session = backend.FindSession(id);
        if (session is null)
        {
            _entries.TryRemove(id, out _);
            return null;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        if (Interlocked.Read(ref _revocations) == revocationsBefore)
        {
            _entries[id] = (session, now, stamp);
        }

        return session;
    }

    /// <summary>Records use of the session now.</summary>
    public void Touch(WebSession session)
    {
        backend.TouchSession(session.Id);
        if (_entries.TryGetValue(session.Id, out var entry))
        {
            _entries.TryUpdate(session.Id, (entry.Session with { LastSeenAt = DateTimeOffset.UtcNow }, entry.CheckedAt, entry.Stamp), entry);
        }
    }

    /// <summary>Revokes one session (sign-out).</summary>
    public void Revoke(string id)
    {
        backend.RevokeSession(id);
        Interlocked.Increment(ref _revocations);
        _entries.TryRemove(id, out _);
    }

    /// <summary>Revokes every session of the user but <paramref name="keepId"/>; returns how many.</summary>
    public int RevokeOthers(long userId, string? keepId)
    {
        var count = backend.RevokeSessions(userId, keepId);
        Interlocked.Increment(ref _revocations);
        foreach (var (id, entry) in _entries)
        {
            if (entry.Session.UserId == userId && id != keepId)
            {
                _entries.TryRemove(id, out _);
            }
        }

        return count;
    }
}
