using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Timbre.Web.Api;
using Timbre.Web.Auth;
using Timbre.Web.Backend;
using Timbre.Web.Uploads;

namespace Timbre.Web;

/// <summary>Builds the Timbre web app: JSON API, OpenAPI document, embedded pages, cookie sign-in.</summary>
public static class TimbreWeb
{
    /// <summary>The Data Protection application name the servers sharing a catalog's key ring agree on.</summary>
    public const string SharedApplicationName = "timbre";

    /// <summary>Builds a ready-to-run app listening on <see cref="TimbreWebOptions.Urls"/>; the caller owns <paramref name="backend"/>.</summary>
    public static WebApplication Build(TimbreWebOptions options, ITimbreBackend backend, Action<ILoggingBuilder>? logging = null)
    {
        options.Validate();
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < options.MinWorkerThreads)
        {
            ThreadPool.SetMinThreads(options.MinWorkerThreads, completionPorts);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        var certificate = options.UsesHttps ? HttpsCertificate.Load(options) : null;
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves TLS out unless asked
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = UploadReceiver.RequestLimit(options);
            if (certificate is not null)
            {
                k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        logging?.Invoke(builder.Logging);
        AddServices(builder.Services, options, backend);
        var app = builder.Build();
        var uploadsLock = UploadFolders.CleanAtStart(options, backend, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Timbre.Web.Uploads"));
        app.Lifetime.ApplicationStopped.Register(uploadsLock.Dispose);
        Configure(app);
        return app;
    }

    /// <summary>Registers the app's services (used by <see cref="Build"/> and by test hosts).</summary>
    public static void AddServices(IServiceCollection services, TimbreWebOptions options, ITimbreBackend backend)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(backend);
        if (backend is IPlayerBackend player)
        {
            services.AddSingleton(player);
            services.AddSingleton<Subsonic.CoverArt>();
        }
        services.AddSingleton<AnalysisQueue>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<Imaging.SpectrogramCache>();
        services.AddSingleton<IPasswordHasher<WebUser>, PasswordHasher<WebUser>>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<SessionCache>();
        services.AddTimbreRateLimits(options.RateLimits);
        services.AddRouting();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi("v1");
        services.AddAuthorization();
        if (backend.SharedKeyRing is { } keyRing)
        {
            // Several servers on one PostgreSQL catalog: one key ring in the catalog and one application name, so a
            // cookie issued by any of them is read by all (wherever each is installed). SQLite keeps the default
            // (the user's ~/.aspnet/DataProtection-Keys, discriminated by the install folder).
            services.AddDataProtection().SetApplicationName(SharedApplicationName);
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new CatalogXmlRepository(keyRing));
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "timbre.auth";
                o.Cookie.HttpOnly = true;
                // Strict: the browser never sends the cookie with a request started by another site, so
                // state-changing calls (likes, logout, uploads to the library) cannot be forged cross-site.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = options.UsesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = CurrentUser.Lifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = CurrentUser.ValidateAsync;
                o.Events.OnRedirectToLogin = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return c.Response.WriteAsJsonAsync(new ApiError("Sign in first."));
                };
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return c.Response.WriteAsJsonAsync(new ApiError("Not allowed."));
                };
            });
    }

    /// <summary>Adds the middleware and endpoints to an app whose services came from <see cref="AddServices"/>.</summary>
    public static void Configure(IApplicationBuilder app)
    {
        // Headers first: they are written as the answer starts, whichever later step produced it.
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ErrorMiddleware>();
        app.Use(async (context, next) =>
        {
            if (!CsrfGuard.IsAllowed(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new ApiError($"State-changing calls need the {CsrfGuard.HeaderName} header."));
                return;
            }

            await next();
        });
        var pages = new EmbeddedFileProvider(typeof(TimbreWeb).Assembly, "Timbre.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapOpenApi("/openapi/{documentName}.json");
            endpoints.MapGet("/openapi.json", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();
            ApiReference.Map(endpoints);
            TrackEndpoints.Map(endpoints);
            AnalyzeEndpoints.Map(endpoints);
            AuthEndpoints.Map(endpoints);
            MeEndpoints.Map(endpoints);
            PlaylistEndpoints.Map(endpoints);
            if (endpoints.ServiceProvider.GetService<IPlayerBackend>() is not null)
            {
                ApiKeyEndpoints.Map(endpoints);
                Subsonic.SubsonicEndpoints.Map(endpoints);
            }

            MapEndpoints.Map(endpoints);
            HealthEndpoints.Map(endpoints);
            endpoints.MapGet("/api/config", (TimbreWebOptions o, ITimbreBackend b) => Results.Ok(new ServerConfig(o.MaxUploadBytes, o.LibraryDirectory is not null, b.GenreLabels().Count > 0, o.MaxUploadsPerUser, o.MaxUploadBytesPerUser)))
                .WithTags("health")
                .WithSummary("Upload limit and what this server can do (pages adapt to it).");
        });
    }

    /// <summary>The assembly's informational version (shown in the OpenAPI document).</summary>
    internal static string Version =>
        typeof(TimbreWeb).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}
