using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Timbre.Web.Api;

/// <summary>
/// The API reference page at <c>/scalar/v1</c>: Scalar's viewer (its script is embedded in the package and served
/// from this server, never a CDN) reading the OpenAPI document at <c>/openapi/v1.json</c>. No web fonts, no telemetry.
/// </summary>
internal static class ApiReference
{
    /// <summary>
    /// The reference page sets its configuration and styles inline, so under <c>/scalar</c> the policy allows inline
    /// script and style; everything still comes from this origin only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string Prefix = "/scalar";

    public static void Map(IEndpointRouteBuilder endpoints)
        => endpoints.MapScalarApiReference(Prefix, o => o
            .WithTitle("Timbre API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry());

    /// <summary>Whether the request is for the reference page or its script.</summary>
    public static bool IsReferencePage(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
}
