using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Timbre.Web.Backend;

namespace Timbre.Web.Auth;

/// <summary>Reads and writes the signed-in user in the auth cookie (claims: user id and name).</summary>
internal static class CurrentUser
{
    /// <summary>The signed-in user, or null when signed out or when the user no longer exists.</summary>
    public static WebUser? Get(HttpContext context, ITimbreBackend backend)
    {
        var id = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) ? backend.FindUser(userId) : null;
    }

    public static Task SignInAsync(HttpContext context, WebUser user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
    }

    public static Task SignOutAsync(HttpContext context) =>
        context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
