using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Timbre.Web.Backend;

namespace Timbre.Web.Subsonic;

/// <summary>One API call: its parameters (query string and, for POST, the form body, merged), the user and the services.</summary>
internal sealed class SubsonicRequest
{
    private readonly Dictionary<string, StringValues> _values;

    public SubsonicRequest(HttpContext context, Dictionary<string, StringValues> values, ITimbreBackend backend, IPlayerBackend player)
    {
        Context = context;
        _values = values;
        Backend = backend;
        Player = player;
    }

    public HttpContext Context { get; }

    public ITimbreBackend Backend { get; }

    public IPlayerBackend Player { get; }

    /// <summary>The signed-in user (set after authentication).</summary>
    public WebUser User { get; set; } = null!;

    /// <summary>The named parameter, or null when absent or empty.</summary>
    public string? Get(string name) =>
        _values.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v[0] : null;

    /// <summary>Every value of a repeated parameter (<c>id=1&amp;id=2</c>).</summary>
    public IReadOnlyList<string> All(string name) =>
        _values.TryGetValue(name, out var v) ? v.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList() : [];

    /// <summary>Whether the parameter was given at all.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The named parameter, or error 10.</summary>
    public string Require(string name) => Get(name) ?? throw SubsonicException.Missing(name);

    /// <summary>An integer parameter within [min, max], else the default; a non-number is error 0.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new SubsonicException(SubsonicCodes.Generic, $"Parameter '{name}' must be an integer, got '{text}'.");
        }

        return Math.Clamp(value, min, max);
    }

    /// <summary>A song id parameter (a catalog id), or error 10 / 70.</summary>
    public long SongId(string name = "id") => ParseSongId(Require(name)) ?? throw SubsonicException.NotFound("Song");

    /// <summary>A catalog id from a song id (digits only), or null.</summary>
    public static long? ParseSongId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
