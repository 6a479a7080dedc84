using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Catalog;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>The signed-in user's API keys for players (OpenSubsonic apiKey): list, create (the key is shown once), revoke.</summary>
internal static class ApiKeyEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/me/apikeys").WithTags("me").RequireAuthorization();
        group.MapGet("", (HttpContext c, ITimbreBackend b, IPlayerBackend p) => WithUser(c, b, u => Results.Ok(p.ListApiKeys(u.Id).Select(View))))
            .WithSummary("The signed-in user's API keys for players (never the keys themselves).");
        group.MapPost("", (HttpContext c, ITimbreBackend b, IPlayerBackend p, ApiKeyRequest body) => WithUser(c, b, u =>
            {
                var (record, key) = p.CreateApiKey(u.Id, body.Name ?? "");
                return Results.Ok(new CreatedApiKey(View(record), key));
            }))
            .WithSummary("Creates an API key for a player; the answer holds the key, shown this once.");
        group.MapDelete("/{id:long}", (HttpContext c, ITimbreBackend b, IPlayerBackend p, long id) => WithUser(c, b, u =>
                p.RevokeApiKey(u.Id, id) ? Results.NoContent() : Results.NotFound(new ApiError($"You have no API key with id {id.ToString(CultureInfo.InvariantCulture)}."))))
            .WithSummary("Revokes one of the signed-in user's API keys.");
    }

    private static ApiKeyView View(ApiKeyRecord k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt);

    private static IResult WithUser(HttpContext context, ITimbreBackend backend, Func<WebUser, IResult> action) =>
        CurrentUser.Get(context, backend) is { } user
            ? action(user)
            : Results.Json(new ApiError("Sign in first."), statusCode: StatusCodes.Status401Unauthorized);
}

/// <summary>A new key's label.</summary>
/// <param name="Name">What the key is for ("phone", "Feishin"), 1–64 characters.</param>
public sealed record ApiKeyRequest(string? Name);

/// <summary>An API key as listed (its prefix only).</summary>
/// <param name="Id">Id, for revoking.</param>
/// <param name="Name">Label.</param>
/// <param name="Prefix">First characters of the key.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="LastUsedAt">Last use (UTC, to 5 minutes), or null.</param>
public sealed record ApiKeyView(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>A key just created.</summary>
/// <param name="Info">The listed form.</param>
/// <param name="Key">The key itself: paste it into the player now; it cannot be shown again.</param>
public sealed record CreatedApiKey(ApiKeyView Info, string Key);
