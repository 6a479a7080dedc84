using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>Sign up, sign in, sign out. Passwords are hashed with ASP.NET Core Identity's PBKDF2 password hasher.</summary>
internal static class AuthEndpoints
{
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 200;
    private const int MaxNameLength = 40;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("auth");
        group.MapPost("/register", RegisterAsync).WithSummary("Create an account and sign in.");
        group.MapPost("/login", LoginAsync).WithSummary("Sign in with name and password (sets an HttpOnly SameSite=Strict cookie).");
        group.MapPost("/logout", async (HttpContext context) =>
        {
            await CurrentUser.SignOutAsync(context);
            return Results.NoContent();
        }).WithSummary("Sign out.");
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, Credentials body, ITimbreBackend backend, IPasswordHasher<WebUser> hasher)
    {
        var name = (body.Name ?? "").Trim();
        var password = body.Password ?? "";
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return Results.BadRequest(new ApiError($"Choose a name of 1–{MaxNameLength} characters."));
        }

        if (password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            return Results.BadRequest(new ApiError($"The password needs at least {MinPasswordLength} characters."));
        }

        if (backend.FindUser(name) is not null)
        {
            return Results.Conflict(new ApiError("That name is taken."));
        }

        var user = backend.CreateUser(name, hasher.HashPassword(new WebUser(0, name, ""), password));
        await CurrentUser.SignInAsync(context, user);
        return Results.Ok(new UserInfo(user.Id, user.Name));
    }

    private static async Task<IResult> LoginAsync(HttpContext context, Credentials body, ITimbreBackend backend, IPasswordHasher<WebUser> hasher)
    {
        var user = backend.FindUser((body.Name ?? "").Trim());
        var ok = user is { PasswordHash.Length: > 0 }
            && hasher.VerifyHashedPassword(user, user.PasswordHash, body.Password ?? "") != PasswordVerificationResult.Failed;
        if (!ok)
        {
            return Results.Json(new ApiError("Wrong name or password."), statusCode: StatusCodes.Status401Unauthorized);
        }

        await CurrentUser.SignInAsync(context, user!);
        return Results.Ok(new UserInfo(user!.Id, user.Name));
    }
}

/// <summary>Name and password sent to sign up or sign in.</summary>
/// <param name="Name">User name.</param>
/// <param name="Password">Password in clear (only over this request; stored hashed).</param>
public sealed record Credentials(string? Name, string? Password);

/// <summary>The signed-in user as the pages see it.</summary>
/// <param name="Id">User id.</param>
/// <param name="Name">User name.</param>
public sealed record UserInfo(long Id, string Name);
