using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web;
using Timbre.Web.Catalog;

namespace Timbre.Fuzz;

/// <summary>
/// The catalog's query parsing as a client reaches it: the input is <c>path?query</c> under <c>/api/</c> (e.g.
/// <c>tracks?q=…&amp;sort=year&amp;page=2</c>, <c>tracks/3/similar?method=m2&amp;n=5</c>), sent as a GET through the
/// real web app (binding, QueryParsing, LibraryQuery → TrackQuery, SQLite) over a small real catalog. Bad input must
/// get a 4xx; a 5xx answer is a failure, reported with the exception the server logged.
/// </summary>
internal sealed class QueryTarget : IFuzzTarget
{
    private readonly TestServer _server;
    private readonly LastErrorLogger _errors = new();

    public QueryTarget()
    {
        var directory = Directory.CreateTempSubdirectory("timbre-fuzz-query-").FullName;
        var store = new SqliteCatalogStore(Path.Combine(directory, "catalog.db"));
        for (var i = 0; i < 40; i++)
        {
            store.UpsertTrack(new TrackRecord
            {
                // Paths that do not exist: audio and spectrogram routes answer 404 instead of decoding.
                Path = Path.Combine(directory, "music", $"{(i % 3 == 0 ? "100%_" : "")}track {i}.wav"),
                SizeBytes = 1000 + i,
                ModifiedUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Title = i % 5 == 0 ? null : $"Song {i} [{(char)('a' + (i % 26))}]",
                Artist = $"Band {i % 4}",
                Album = i % 2 == 0 ? "Ålbum_%" : null,
                GenreTag = i % 3 == 0 ? "rock" : "jazz",
                Year = i % 7 == 0 ? null : 1960 + i,
                DurationSeconds = 30 + (i * 7.5),
            });
        }

        var backend = new CatalogBackend(store, AudioDecoders.CreateDefault(), analyzer: null);
        var options = new TimbreWebOptions { TempDirectory = directory }.Validate();
        var host = new HostBuilder()
            .ConfigureLogging(l => l.AddProvider(_errors))
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services => TimbreWeb.AddServices(services, options, backend))
                .Configure(TimbreWeb.Configure))
            .Start();
        _server = host.GetTestServer();
    }

    public string Name => "query";

    public void Execute(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var mark = text.IndexOf('?', StringComparison.Ordinal);
        var path = mark < 0 ? text : text[..mark];
        var query = mark < 0 ? "" : text[mark..];
        // Kestrel answers 400 for a NUL in the path (raw or %00) before the app sees it; the test server throws instead.
        PathString requestPath;
        try
        {
            requestPath = PathString.FromUriComponent("/api/" + path.TrimStart('/'));
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (requestPath.Value!.Contains('\0', StringComparison.Ordinal))
        {
            return;
        }

        _errors.Last = null;
        var context = _server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = requestPath;
            c.Request.QueryString = new QueryString(query);
        }).GetAwaiter().GetResult();
        if (context.Response.StatusCode >= 500)
        {
            throw new FuzzInvariantException($"{context.Response.StatusCode} for '{text}': {_errors.Last}");
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        string[] queries =
        [
            "tracks",
            "tracks?q=song&sort=year&desc=true&page=2&pageSize=10",
            "tracks?q=100%25_&genre=rock&yearFrom=1970&yearTo=1990",
            "tracks?minDuration=10.5&maxDuration=200&sort=duration",
            "tracks?sort=Artist&pageSize=200&page=1",
            "tracks?q=%C3%85lbum&sort=added&desc=false",
            "tracks/3",
            "tracks/3/similar?method=m2&n=5",
            "tracks/3/audio",
            "genres",
            "me/recommendations?method=profile&n=3",
        ];
        return queries.Select((q, i) => ($"query-{i}.txt", Encoding.UTF8.GetBytes(q)));
    }

    /// <summary>Keeps the last exception the app logged, to say why an answer was a 5xx.</summary>
    private sealed class LastErrorLogger : ILoggerProvider, ILogger
    {
        public string? Last { get; set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Last = exception?.ToString() ?? formatter(state, exception);
            }
        }

        public void Dispose()
        {
        }
    }
}
