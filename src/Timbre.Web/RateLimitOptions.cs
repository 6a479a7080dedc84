using Timbre.Core.Errors;

namespace Timbre.Web;

/// <summary>
/// Request limits of <c>timbre serve</c> (ASP.NET Core rate limiter, fixed windows). Clients are told by their
/// connection's address (an IPv6 address by its /64); X-Forwarded-For is never trusted. Rejections answer 429 with
/// Retry-After. Defaults let a person sign in and upload freely and stop password guessing and upload floods.
/// </summary>
public sealed record RateLimitOptions
{
    /// <summary>Whether any limit applies. Default true; false only for load tests.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sign-in, register and password-change requests per address per <see cref="AuthWindow"/>. Default 10.</summary>
    public int AuthPerAddress { get; init; } = 10;

    /// <summary>Window of <see cref="AuthPerAddress"/>. Default 1 minute.</summary>
    public TimeSpan AuthWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Failed sign-ins (or taken-name registrations) per account name, from any address, before the name is locked
    /// until <see cref="AccountLockout"/> has passed since the first failure. Default 5.
    /// </summary>
    public int FailuresPerAccount { get; init; } = 5;

    /// <summary>Window of <see cref="FailuresPerAccount"/> (the lock-out). Default 15 minutes.</summary>
    public TimeSpan AccountLockout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Uploads to <c>POST /api/analyze</c> per address per minute when not signed in. Default 6.</summary>
    public int AnalyzePerMinuteAnonymous { get; init; } = 6;

    /// <summary>Uploads to <c>POST /api/analyze</c> per signed-in user per minute. Default 30.</summary>
    public int AnalyzePerMinuteUser { get; init; } = 30;

    /// <summary>Requests to the player API (<c>/rest</c>) per address per minute. Default 1200 (a player syncing a library makes many).</summary>
    public int PlayerPerMinute { get; init; } = 1200;

    /// <summary>No limits (load tests).</summary>
    public static RateLimitOptions Disabled { get; } = new() { Enabled = false };

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is out of range.</summary>
    public RateLimitOptions Validate()
    {
        foreach (var (name, value) in new[]
        {
            ("sign-in attempts per address", AuthPerAddress),
            ("failures per account", FailuresPerAccount),
            ("anonymous analyses per minute", AnalyzePerMinuteAnonymous),
            ("analyses per user per minute", AnalyzePerMinuteUser),
            ("player requests per minute", PlayerPerMinute),
        })
        {
            if (value < 1)
            {
                throw new InvalidOptionsException($"The rate limit '{name}' must be at least 1, got {value}.");
            }
        }

        if (AuthWindow <= TimeSpan.Zero || AccountLockout <= TimeSpan.Zero)
        {
            throw new InvalidOptionsException("Rate-limit windows must be positive.");
        }

        return this;
    }
}
