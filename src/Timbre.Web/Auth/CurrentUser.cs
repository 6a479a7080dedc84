using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Timbre.Web.Backend;

namespace Timbre.Web.Auth;

/// <summary>
/// Reads and writes the signed-in user in the auth cookie (claims: user id, name, server session id). The cookie is
/// only as good as its session row: every request checks the row (<see cref="ValidateAsync"/>), so deleting it
/// (sign-out, password change) signs that browser out at once, even with a copy of the cookie.
/// </summary>
internal static class CurrentUser
{
    /// <summary>Claim holding the server-side session id.</summary>
    public const string SessionClaim = "timbre:sid";

    /// <summary>How long an unused session lives (the cookie's sliding expiry).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    // Last-seen is written at most this often per session, so reading pages does not write the database each time.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    /// <summary>The signed-in user, or null when signed out or when the user no longer exists.</summary>
    public static WebUser? Get(HttpContext context, ITimbreBackend backend) =>
        UserId(context.User) is { } userId ? backend.FindUser(userId) : null;

    /// <summary>The session id of the signed-in request, or null.</summary>
    public static string? SessionId(HttpContext context) => context.User.FindFirstValue(SessionClaim);

    public static Task SignInAsync(HttpContext context, ITimbreBackend backend, WebUser user)
    {
        backend.PruneSessions(DateTimeOffset.UtcNow - Lifetime);
        var session = backend.CreateSession(user.Id);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(SessionClaim, session.Id),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>Revokes the request's session on the server and clears the cookie.</summary>
    public static Task SignOutAsync(HttpContext context)
    {
        if (SessionId(context) is { } sessionId)
        {
            context.RequestServices.GetRequiredService<SessionCache>().Revoke(sessionId);
        }

        return context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Cookie event: rejects a cookie whose session was revoked, expired or belongs to another user.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionCache>();
        var sessionId = context.Principal?.FindFirstValue(SessionClaim);
        var session = sessionId is null ? null : sessions.Find(sessionId);
        var now = DateTimeOffset.UtcNow;
        if (session is null || session.UserId != UserId(context.Principal) || now - session.LastSeenAt > Lifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (now - session.LastSeenAt > TouchInterval)
        {
            sessions.Touch(session);
        }
    }

    private static long? UserId(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
