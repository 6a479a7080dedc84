using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Timbre.Web.Backend;

namespace Timbre.Web.Api;

/// <summary>
/// Probes for load balancers and orchestrators: <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c>
/// (readiness: the catalog answers and the snapshot is loaded; 503 otherwise). Anonymous, never rate-limited, never
/// cached, and they say nothing but booleans (no catalog address, version or counts).
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health", () => Results.Ok(new { status = "ok" })).WithTags("health")
            .WithSummary("Liveness (the same as /healthz).")
            .DisableRateLimiting();
        endpoints.MapGet("/healthz", (HttpContext c) => NoStore(c, Results.Ok(new { status = "ok" }))).WithTags("health")
            .WithSummary("Liveness: 200 while the process serves requests.")
            .DisableRateLimiting();
        endpoints.MapGet("/readyz", async (HttpContext c, ITimbreBackend backend) =>
            {
                var readiness = await backend.ReadinessAsync(c.RequestAborted);
                var answer = new HealthAnswer(readiness.Ready ? "ready" : "not ready", readiness.CatalogReachable, readiness.SnapshotLoaded, readiness.IndexReachable);
                return NoStore(c, readiness.Ready ? Results.Ok(answer) : Results.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable));
            })
            .WithTags("health")
            .WithSummary("Readiness: 200 when the catalog answers, the recommendation snapshot is loaded and (with --cluster) the cluster answers, else 503.")
            .DisableRateLimiting();
    }

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }
}

/// <summary>The readiness probe's answer.</summary>
/// <param name="Status">ready or not ready.</param>
/// <param name="Catalog">Whether a catalog read just succeeded.</param>
/// <param name="Snapshot">Whether the recommendation snapshot is loaded.</param>
/// <param name="Index">Whether the cluster's sharded index answers; absent on a server without <c>--cluster</c>.</param>
public sealed record HealthAnswer(
    string Status,
    bool Catalog,
    bool Snapshot,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Index);
