using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Catalog;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>
/// Sign up, sign in, sign out, change password. Passwords are hashed with ASP.NET Core Identity's PBKDF2 password
/// hasher; names are checked and normalised by <see cref="UserNames"/>; attempts are rate-limited per address (policy
/// <see cref="RateLimits.AuthPolicy"/>) and failures per account name (<see cref="AccountThrottle"/>).
/// </summary>
internal static class AuthEndpoints
{
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 200;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("auth");
        group.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimits.AuthPolicy)
            .WithSummary("Create an account and sign in (name: 1–40 visible characters of one script, NFKC-normalised).");
        group.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.AuthPolicy)
            .WithSummary("Sign in with name and password (sets an HttpOnly SameSite=Strict cookie tied to a server-side session).");
        group.MapPost("/password", ChangePassword).RequireRateLimiting(RateLimits.AuthPolicy)
            .WithSummary("Change the password (current and new); signs out every other session of the user.");
        group.MapPost("/logout", async (HttpContext context) =>
        {
            await CurrentUser.SignOutAsync(context);
            return Results.NoContent();
        }).WithSummary("Sign out (the session is revoked on the server; copies of the cookie stop working).");
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, Credentials body, ITimbreBackend backend, PasswordCheck passwords, AccountThrottle throttle)
    {
        var name = UserNames.Normalize(body.Name, out var problem);
        if (name is null)
        {
            return Results.BadRequest(new ApiError(problem));
        }

        if (PasswordProblem(body.Password) is { } weak)
        {
            return Results.BadRequest(new ApiError(weak));
        }

        if (throttle.Locked(name) is { } wait)
        {
            return RateLimits.TooMany(wait);
        }

        if (backend.FindUser(name) is not null)
        {
            throttle.Failed(name);
            return Results.Conflict(new ApiError("That name is taken."));
        }

        var user = backend.CreateUser(name, passwords.Hash(new WebUser(0, name, ""), body.Password!));
        await CurrentUser.SignInAsync(context, backend, user);
        return Results.Ok(new UserInfo(user.Id, user.Name));
    }

    private static async Task<IResult> LoginAsync(HttpContext context, Credentials body, ITimbreBackend backend, PasswordCheck passwords, AccountThrottle throttle)
    {
        if (throttle.Locked(body.Name) is { } wait)
        {
            return RateLimits.TooMany(wait);
        }

        var name = UserNames.Normalize(body.Name, out _);
        var user = name is null ? null : backend.FindUser(name);
        if (!passwords.Verify(user, body.Password ?? ""))
        {
            throttle.Failed(body.Name);
            return Results.Json(new ApiError("Wrong name or password."), statusCode: StatusCodes.Status401Unauthorized);
        }

        await CurrentUser.SignInAsync(context, backend, user!);
        return Results.Ok(new UserInfo(user!.Id, user.Name));
    }

    private static IResult ChangePassword(HttpContext context, PasswordChange body, ITimbreBackend backend, PasswordCheck passwords, AccountThrottle throttle, SessionCache sessions)
    {
        if (CurrentUser.Get(context, backend) is not { } user)
        {
            return Results.Json(new ApiError("Sign in first."), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (throttle.Locked(user.Name) is { } wait)
        {
            return RateLimits.TooMany(wait);
        }

        if (!passwords.Verify(user, body.CurrentPassword ?? ""))
        {
            throttle.Failed(user.Name);
            return Results.Json(new ApiError("The current password is wrong."), statusCode: StatusCodes.Status403Forbidden);
        }

        if (PasswordProblem(body.NewPassword) is { } weak)
        {
            return Results.BadRequest(new ApiError(weak));
        }

        backend.SetPasswordHash(user.Id, passwords.Hash(user, body.NewPassword!));
        var revoked = sessions.RevokeOthers(user.Id, keepId: CurrentUser.SessionId(context));
        return Results.Ok(new PasswordChanged(revoked));
    }

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"The password needs {MinPasswordLength}–{MaxPasswordLength} characters."
            : null;
}

/// <summary>Name and password sent to sign up or sign in.</summary>
/// <param name="Name">User name.</param>
/// <param name="Password">Password in clear (only over this request; stored hashed).</param>
public sealed record Credentials(string? Name, string? Password);

/// <summary>A password change.</summary>
/// <param name="CurrentPassword">The password in use now.</param>
/// <param name="NewPassword">The new password (8–200 characters).</param>
public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

/// <summary>The answer to a password change.</summary>
/// <param name="SignedOutSessions">How many other sessions of the user were revoked.</param>
public sealed record PasswordChanged(int SignedOutSessions);

/// <summary>The signed-in user as the pages see it.</summary>
/// <param name="Id">User id.</param>
/// <param name="Name">User name.</param>
public sealed record UserInfo(long Id, string Name);
