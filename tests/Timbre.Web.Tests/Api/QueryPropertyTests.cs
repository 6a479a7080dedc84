using System.Globalization;
using System.Net;
using System.Text.Json;
using CsCheck;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Storage.Sqlite;
using Timbre.Web.Api;
using Timbre.Web.Backend;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Client strings that become catalog queries: <see cref="QueryParsing"/> on its own, and the library list through
/// the real HTTP pipeline and SQLite catalog. Any string gets a value or a 4xx, never a 5xx.
/// </summary>
public sealed class QueryPropertyTests : IDisposable
{
    private const int Tracks = 30;

    /// <summary>Mostly arbitrary text, with the values and near-values the parsers see in practice mixed in.</summary>
    private static readonly Gen<string> ClientText = Gen.OneOf(
        Gen.String[0, 16],
        Gen.OneOf("", " ", "0", "-1", "1", "2", "25", "200", "201", "2147483647", "2147483648", "-2147483648", "1e3",
            "NaN", "Infinity", "-0", "1.5", "title", "YEAR", " artist ", "added", "m1", "M2", "hybrid", "profile", "%", "_",
            "\\", "'", "\"", "100%_", "\0", "é", "ＴＩＴＬＥ"),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));

    private readonly TempDir _dir = new();
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public QueryPropertyTests()
    {
        var store = new SqliteCatalogStore(_dir.File("catalog.db"));
        for (var i = 0; i < Tracks; i++)
        {
            store.UpsertTrack(new TrackRecord
            {
                Path = _dir.File($"{(i % 3 == 0 ? "100%_" : "")}track {i}.wav"),
                Title = i % 5 == 0 ? null : $"Song {i} %_",
                Artist = $"Band {i % 4}",
                GenreTag = i % 2 == 0 ? "rock" : "jazz",
                Year = i % 7 == 0 ? null : 1970 + i,
                DurationSeconds = 20 + (i * 9.5),
            });
        }

        _backend = new CatalogBackend(store, AudioDecoders.CreateDefault(), analyzer: null);
        _factory = new WebFactory(new TimbreWebOptions { TempDirectory = _dir.Path }, _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void ParseEnum_returns_a_defined_value_or_a_TimbreException_for_any_string()
    {
        Gen.Select(ClientText, Gen.OneOf(Gen.String[0, 12], Gen.Const((string?)null))).Sample(
            (text, other) =>
            {
                foreach (var value in new[] { text, other })
                {
                    try
                    {
                        Assert.True(Enum.IsDefined(QueryParsing.ParseEnum(value, LibrarySort.Title, "sort")));
                        Assert.True(Enum.IsDefined(QueryParsing.ParseEnum(value, SimilarMethod.M1, "method")));
                    }
                    catch (TimbreException e)
                    {
                        Assert.Contains("use one of", e.Message);
                    }
                }
            },
            iter: 20_000,
            threads: 1);
    }

    [Fact]
    public void ParseEnum_accepts_every_name_in_any_case_with_spaces_around()
    {
        Gen.Select(Gen.Enum<LibrarySort>(), Gen.Bool.Array[12], Gen.Int[0, 3]).Sample(
            (sort, upper, pad) =>
            {
                var name = string.Concat(sort.ToString().Select((c, i) => upper[i % upper.Length] ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
                Assert.Equal(sort, QueryParsing.ParseEnum(new string(' ', pad) + name + new string('\t', pad), LibrarySort.Title, "sort"));
            },
            iter: 500,
            threads: 1);
    }

    [Fact]
    public void Count_is_within_the_limits_or_a_TimbreException()
    {
        var options = new TimbreWebOptions();
        Gen.OneOf(Gen.Int.Select(i => (int?)i), Gen.Int[-2, 102].Select(i => (int?)i), Gen.Const((int?)null)).Sample(
            n =>
            {
                try
                {
                    Assert.InRange(QueryParsing.Count(n, options), 1, options.MaxCount);
                }
                catch (TimbreException)
                {
                    Assert.False(n is null or >= 1 and <= 100);
                }
            },
            iter: 5_000,
            threads: 1);
    }

    [Theory]
    [InlineData("minDuration=NaN")]
    [InlineData("maxDuration=nan")]
    [InlineData("minDuration=1&maxDuration=NaN")]
    public async Task NaN_duration_is_a_400(string query)
    {
        // Was a 500: "NaN" binds to a double and SQLite refused it as a parameter.
        using var client = _factory.CreateApiClient();
        using var response = await client.GetAsync($"/api/tracks?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Library_list_answers_any_query_with_a_page_or_a_4xx()
    {
        using var client = _factory.CreateApiClient();
        string[] names = ["q", "genre", "yearFrom", "yearTo", "minDuration", "maxDuration", "sort", "desc", "page", "pageSize"];
        Gen.Select(Gen.Int[0, names.Length - 1], ClientText).Array[0, 5].Sample(
            parameters =>
            {
                var query = string.Join('&', parameters.Select(p => $"{names[p.Item1]}={Uri.EscapeDataString(p.Item2)}"));
                using var response = client.GetAsync($"/api/tracks?{query}").GetAwaiter().GetResult();
                var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for ?{query}: {body}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var page = JsonDocument.Parse(body).RootElement;
                    Assert.InRange(page.GetProperty("items").GetArrayLength(), 0, Math.Min(page.GetProperty("pageSize").GetInt32(), Tracks));
                    Assert.InRange(page.GetProperty("total").GetInt64(), 0, Tracks);
                }
            },
            iter: 400,
            threads: 1);
    }
}
