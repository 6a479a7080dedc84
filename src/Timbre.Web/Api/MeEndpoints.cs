using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>The signed-in user's own data: who, taste, recommendations, likes/dislikes/plays. Nobody else's.</summary>
internal static class MeEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/me").WithTags("me").RequireAuthorization();
        group.MapGet("", (HttpContext c, ITimbreBackend b) => WithUser(c, b, u => Results.Ok(new UserInfo(u.Id, u.Name))))
            .WithSummary("The signed-in user.");
        group.MapGet("/taste", Taste)
            .WithSummary("Likes, dislikes, plays and genre shares of the signed-in user.");
        group.MapGet("/recommendations", Recommendations)
            .WithSummary("Recommendations for the signed-in user by method profile, multi, hybrid or cf.");
        group.MapPost("/interactions", Interact)
            .WithSummary("Like, dislike or play a track; answers the updated taste.");
    }

    private static async Task<IResult> Recommendations(HttpContext context, ITimbreBackend backend, TimbreWebOptions options, string? method, int? n)
    {
        var m = QueryParsing.ParseEnum(method, UserMethod.Profile, "method");
        var count = QueryParsing.Count(n, options);
        if (CurrentUser.Get(context, backend) is not { } user)
        {
            return SignInFirst();
        }

        var items = await backend.RecommendForAsync(user.Id, m, count, context.RequestAborted);
        return Results.Ok(new { method = m.ToString().ToLowerInvariant(), items });
    }

    private static async Task<IResult> Taste(HttpContext context, ITimbreBackend backend) =>
        CurrentUser.Get(context, backend) is { } user ? Results.Ok(await backend.GetTasteAsync(user.Id, context.RequestAborted)) : SignInFirst();

    private static async Task<IResult> Interact(HttpContext context, ITimbreBackend backend, InteractionRequest body)
    {
        if (CurrentUser.Get(context, backend) is not { } user)
        {
            return SignInFirst();
        }

        if (string.IsNullOrWhiteSpace(body.Kind))
        {
            throw new TimbreException("kind is required: like, dislike or play.");
        }

        var kind = ParseKind(body.Kind);

        if (!await backend.HasTrackAsync(body.TrackId, context.RequestAborted))
        {
            return Results.NotFound(new ApiError($"No track with id {body.TrackId}."));
        }

        backend.AddInteraction(user.Id, body.TrackId, kind);
        return Results.Ok(await backend.GetTasteAsync(user.Id, context.RequestAborted));
    }

    /// <summary>The wire names like, dislike and play (any case); the catalog's rating kind is not offered here.</summary>
    private static InteractionKind ParseKind(string value)
    {
        InteractionKind[] offered = [InteractionKind.Like, InteractionKind.Dislike, InteractionKind.Play];
        foreach (var kind in offered)
        {
            if (string.Equals(value.Trim(), kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new TimbreException($"Unknown kind '{value}'; use one of: {string.Join(", ", offered.Select(k => k.ToString().ToLowerInvariant()))}.");
    }

    private static IResult WithUser(HttpContext context, ITimbreBackend backend, Func<WebUser, IResult> action) =>
        CurrentUser.Get(context, backend) is { } user ? action(user) : SignInFirst();

    private static IResult SignInFirst() => Results.Json(new ApiError("Sign in first."), statusCode: StatusCodes.Status401Unauthorized);
}

/// <summary>A like, dislike or play of one track.</summary>
/// <param name="TrackId">Catalog id.</param>
/// <param name="Kind">like, dislike or play.</param>
public sealed record InteractionRequest(long TrackId, string? Kind);
