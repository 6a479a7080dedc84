using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Timbre.Core.Errors;
using Timbre.Web.Auth;
using Timbre.Web.Backend;

namespace Timbre.Web.Subsonic;

/// <summary>
/// The OpenSubsonic API at <c>/rest/{method}</c> (<c>.view</c> suffix optional; GET, or POST with a form body), for
/// players such as Feishin, Symfonium and DSub. XML by default, JSON with <c>f=json</c>. Every call but
/// <c>getOpenSubsonicExtensions</c> needs an API key (<see cref="SubsonicAuth"/>). Handlers only parse and shape:
/// the data come from the same backend and live snapshot as the web app. Errors are Subsonic error answers.
/// </summary>
internal static class SubsonicEndpoints
{
    /// <summary>Subsonic API version this server speaks.</summary>
    public const string ApiVersion = "1.16.1";

    private delegate void Handler(SubsonicRequest request, SubsonicNode response);

    private delegate Task AsyncHandler(SubsonicRequest request, SubsonicNode response);

    private delegate Task<IResult> BinaryHandler(SubsonicRequest request);

    private static readonly Dictionary<string, Handler> Handlers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ping"] = (_, _) => { },
        ["getLicense"] = (_, r) => r.Add("license", new SubsonicNode().Set("valid", true)),
        ["getOpenSubsonicExtensions"] = (_, r) => r.AddList("openSubsonicExtensions", Extensions()),
        ["tokenInfo"] = (q, r) => r.Add("tokenInfo", new SubsonicNode().Set("username", q.User.Name)),
        ["getUser"] = SubsonicBrowsing.GetUser,
        ["getMusicFolders"] = SubsonicBrowsing.GetMusicFolders,
        ["getIndexes"] = SubsonicBrowsing.GetIndexes,
        ["getArtists"] = SubsonicBrowsing.GetArtists,
        ["getArtist"] = SubsonicBrowsing.GetArtist,
        ["getAlbum"] = SubsonicBrowsing.GetAlbum,
        ["getSong"] = SubsonicBrowsing.GetSong,
        ["getAlbumList2"] = SubsonicBrowsing.GetAlbumList2,
        ["getAlbumList"] = SubsonicBrowsing.GetAlbumList,
        ["search3"] = SubsonicBrowsing.Search3,
        ["getRandomSongs"] = SubsonicBrowsing.GetRandomSongs,
        ["star"] = SubsonicUserData.Star,
        ["unstar"] = SubsonicUserData.Unstar,
        ["scrobble"] = SubsonicUserData.Scrobble,
        ["getStarred2"] = SubsonicUserData.GetStarred2,
        ["getStarred"] = SubsonicUserData.GetStarred,
        ["getPlaylists"] = SubsonicUserData.GetPlaylists,
        ["getPlaylist"] = SubsonicUserData.GetPlaylist,
        ["createPlaylist"] = SubsonicUserData.CreatePlaylist,
        ["updatePlaylist"] = SubsonicUserData.UpdatePlaylist,
        ["deletePlaylist"] = SubsonicUserData.DeletePlaylist,
        ["getTopSongs"] = SubsonicSimilar.GetTopSongs,
    };

    /// <summary>The handlers that await the cluster's shards (with <c>--cluster</c>; at once on a single node).</summary>
    private static readonly Dictionary<string, AsyncHandler> AsyncHandlers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["getSimilarSongs2"] = SubsonicSimilar.GetSimilarSongs2,
        ["getSimilarSongs"] = SubsonicSimilar.GetSimilarSongs,
        ["getSonicSimilarTracks"] = SubsonicSimilar.GetSonicSimilarTracks,
        ["findSonicPath"] = SubsonicSimilar.FindSonicPath,
    };

    private static readonly Dictionary<string, BinaryHandler> BinaryHandlers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stream"] = SubsonicMedia.Stream,
        ["download"] = SubsonicMedia.Stream,
        ["getCoverArt"] = SubsonicMedia.GetCoverArt,
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/rest/{method}", [HttpMethods.Get, HttpMethods.Post], Handle)
            .ExcludeFromDescription()
            .RequireRateLimiting(RateLimits.PlayerPolicy);
    }

    /// <summary>The extensions this server implements (also answered without authentication).</summary>
    private static IEnumerable<SubsonicNode> Extensions() =>
    [
        Extension("apiKeyAuthentication", 1),
        Extension("formPost", 1),
        Extension("sonicSimilarity", 1),
    ];

    private static SubsonicNode Extension(string name, int version) =>
        new SubsonicNode().Set("name", name).AddValues("versions", [version]);

    private static async Task Handle(HttpContext context, string method)
    {
        var name = method.EndsWith(".view", StringComparison.OrdinalIgnoreCase) ? method[..^5] : method;
        var values = context.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                values[key] = values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : value;
            }
        }

        var services = context.RequestServices;
        var request = new SubsonicRequest(context, values, services.GetRequiredService<ITimbreBackend>(), services.GetRequiredService<IPlayerBackend>());
        var json = string.Equals(request.Get("f"), "json", StringComparison.OrdinalIgnoreCase);
        var response = Envelope("ok");
        try
        {
            if (!name.Equals("getOpenSubsonicExtensions", StringComparison.OrdinalIgnoreCase))
            {
                request.User = SubsonicAuth.Authenticate(request);
            }

            if (BinaryHandlers.TryGetValue(name, out var binary))
            {
                await (await binary(request)).ExecuteAsync(context);
                return;
            }

            if (AsyncHandlers.TryGetValue(name, out var awaited))
            {
                await awaited(request, response);
            }
            else if (!Handlers.TryGetValue(name, out var handler))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                throw new SubsonicException(SubsonicCodes.NotFound, $"Unknown or unsupported method '{name}'.");
            }
            else
            {
                handler(request, response);
            }
        }
        catch (SubsonicException e)
        {
            response = Failure(e.Code, e.Message);
        }
        catch (TimbreException e)
        {
            // Bad input or a state the catalog cannot serve: the message is written for users (no paths, no internals).
            response = Failure(SubsonicCodes.Generic, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Timbre.Web.Subsonic").LogError(e, "Subsonic {Method} failed", name);
            response = Failure(SubsonicCodes.Generic, "Internal error.");
        }

        await Write(context, response, json);
    }

    private static SubsonicNode Envelope(string status) => new SubsonicNode()
        .Set("status", status)
        .Set("version", ApiVersion)
        .Set("type", "timbre")
        .Set("serverVersion", TimbreWeb.Version)
        .Set("openSubsonic", true);

    private static SubsonicNode Failure(int code, string message) =>
        Envelope("failed").Add("error", new SubsonicNode().Set("code", code).Set("message", message));

    private static Task Write(HttpContext context, SubsonicNode response, bool json)
    {
        var body = json ? response.ToJson() : response.ToXml();
        context.Response.ContentType = json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
