using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Issue 10 "Scan while serving": the running app sees tracks that another connection (as a concurrent
/// <c>timbre scan</c> would) commits to its catalog within seconds, through the real HTTP pipeline.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ScanWhileServingTests : IDisposable
{
    private readonly TestLibrary _library = new(perFamily: 2, seconds: 2.0);
    private readonly SummaryFeatureAnalyzer _analyzer = new();
    private readonly CatalogBackend _backend;
    private readonly WebFactory _factory;

    public ScanWhileServingTests()
    {
        var decoder = AudioDecoders.CreateDefault();
        _library.Catalogue(_analyzer, decoder);
        // Readers as `timbre serve` opens them: the snapshot is built on a reader, so this also checks readers see the scan.
        _backend = new CatalogBackend(
            new SqliteCatalogStore(_library.CatalogPath), decoder, _analyzer, openReader: () => new SqliteCatalogStore(_library.CatalogPath));
        Directory.CreateDirectory(_library.Dir.File("tmp"));
        _factory = new WebFactory(
            new TimbreWebOptions { TempDirectory = _library.Dir.File("tmp"), LibraryDirectory = _library.Dir.File("lib") },
            _backend);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _backend.Dispose();
        _library.Dispose();
    }

    [Fact]
    public async Task A_track_committed_by_another_connection_becomes_recommendable_within_seconds()
    {
        using var client = _factory.CreateApiClient();
        var before = await client.GetFromJsonAsync<JsonElement>("/api/tracks/1/similar?n=20");
        Assert.Equal(_library.Tracks.Count - 1, before.GetProperty("items").GetArrayLength()); // the snapshot is built

        var added = AddAnalysedTrackFromAnotherConnection();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage similar;
        while (true)
        {
            similar = await client.GetAsync($"/api/tracks/{added.Id}/similar?n=3");
            if (similar.StatusCode == HttpStatusCode.OK || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                break;
            }

            similar.Dispose();
            await Task.Delay(100);
        }

        using (similar)
        {
            Assert.True(similar.StatusCode == HttpStatusCode.OK, $"still {(int)similar.StatusCode} after {clock.Elapsed.TotalSeconds:0.0} s: {await similar.Content.ReadAsStringAsync()}");
            var items = (await similar.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
            Assert.StartsWith("bright", items[0].GetProperty("title").GetString()); // its own family comes first
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        var after = await client.GetFromJsonAsync<JsonElement>("/api/tracks/1/similar?n=20");
        Assert.Equal(_library.Tracks.Count, after.GetProperty("items").GetArrayLength());
    }

    /// <summary>Analyses one more "bright" clip and saves it through a second store, as a running scan does.</summary>
    private TrackRecord AddAnalysedTrackFromAnotherConnection()
    {
        var path = _library.Dir.File(Path.Combine("music", "bright-new.wav"));
        File.WriteAllBytes(path, TestWav.Encode(TestLibrary.Synth(1, 5, 2.0, 22050), 22050));
        var audio = AudioDecoders.CreateDefault().Decode(path, _analyzer.SampleRate);
        var file = new FileInfo(path);
        var track = new TrackRecord
        {
            Path = file.FullName,
            SizeBytes = file.Length,
            ModifiedUtc = file.LastWriteTimeUtc,
            Title = "bright new song",
            DurationSeconds = audio.DurationSeconds,
        };
        using var scanner = new SqliteCatalogStore(_library.CatalogPath);
        return scanner.SaveAnalysesBatch([(track, AnalysisRecord.Of(_analyzer, _analyzer.Analyze(audio)))])[0];
    }
}
