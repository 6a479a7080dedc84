using Microsoft.AspNetCore.Http;

namespace Timbre.Web.Api;

/// <summary>
/// Security headers on every answer the app writes — pages, JSON, and errors alike (ErrorMiddleware's, the CSRF
/// 403, auth 401/403, rate-limit 429, 404). Set in <see cref="HttpResponse.OnStarting(Func{Task})"/>, i.e. after
/// whatever produced the answer (which may have cleared the headers), just before they are sent.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, TimbreWebOptions options)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    // One year; browsers then refuse plain HTTP to this host. Sent only over HTTPS (RFC 6797 §7.2).
    private const string StrictTransportSecurity = "max-age=31536000";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = ApiReference.IsReferencePage(context.Request.Path) ? ApiReference.ContentSecurityPolicy : ContentSecurityPolicy;
            if (options.UsesHttps && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
