using System.Threading.RateLimiting;
using Timbre.Core.Catalog;

namespace Timbre.Web.Auth;

/// <summary>
/// Failed sign-ins per account name, whatever address they come from (a guesser with many addresses still gets
/// <see cref="RateLimitOptions.FailuresPerAccount"/> tries per lock-out window). Only failures count, so the owner
/// signing in does not use up the allowance. Names are compared on their <see cref="UserNames.Key"/>.
/// </summary>
internal sealed class AccountThrottle(RateLimitOptions limits) : IDisposable
{
    // Longer names are refused anyway; the cap keeps attacker-chosen partition keys small.
    private const int MaxKeyLength = 4 * UserNames.MaxLength;

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => RateLimits.Window(limits.FailuresPerAccount, limits.AccountLockout)));

    /// <summary>Null when the name may try now; else how long until it may.</summary>
    public TimeSpan? Locked(string? name)
    {
        if (!limits.Enabled)
        {
            return null;
        }

        using var lease = _failures.AttemptAcquire(KeyOf(name), 0);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts a failure against the name.</summary>
    public void Failed(string? name)
    {
        if (limits.Enabled)
        {
            using var lease = _failures.AttemptAcquire(KeyOf(name), 1);
        }
    }

    public void Dispose() => _failures.Dispose();

    private static string KeyOf(string? name)
    {
        var raw = name ?? "";
        return UserNames.Key(raw.Length > MaxKeyLength ? raw[..MaxKeyLength] : raw);
    }

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.AccountLockout;
}
