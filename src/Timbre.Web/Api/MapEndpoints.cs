using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Core.Errors;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>The library map and paths drawn on it.</summary>
internal static class MapEndpoints
{
    private const int MaxPathLength = 50;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/map").WithTags("map");
        group.MapGet("", (ITimbreBackend backend) => backend.Map() is { } map
                ? Results.Ok(map)
                : Results.NotFound(new ApiError("This server was started without a model, so it has no library map.")))
            .WithSummary("Every analysed track as a point in 2-D (PCA then t-SNE of the library's vectors); computing: true while it is being made.")
            .Produces<MapView>()
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        group.MapGet("/path", async (HttpContext context, ITimbreBackend backend, long from, long to, int? n) =>
            {
                var count = n ?? 8;
                if (count is < 2 or > MaxPathLength)
                {
                    throw new TimbreException($"n must be 2–{MaxPathLength}.");
                }

                return Results.Ok(await backend.PathBetweenAsync(from, to, count, context.RequestAborted));
            })
            .WithSummary("A smooth path of n tracks from one track to another (timbre playlist), endpoints included.")
            .Produces<IReadOnlyList<long>>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest);
    }
}
