using Microsoft.AspNetCore.Http;

namespace Timbre.Web.Api;

/// <summary>
/// Second line against cross-site request forgery (the first is the SameSite=Strict cookie): every state-changing
/// API call must carry the header <see cref="HeaderName"/>, which a cross-site HTML form cannot send and a
/// cross-site script cannot send without a CORS preflight this server never grants.
/// </summary>
internal static class CsrfGuard
{
    public const string HeaderName = "X-Timbre-Request";

    public static bool IsAllowed(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
        || !request.Path.StartsWithSegments("/api")
        || request.Headers.ContainsKey(HeaderName);
}
