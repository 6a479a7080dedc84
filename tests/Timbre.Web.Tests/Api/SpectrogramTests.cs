using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Core.Catalog;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;
using Timbre.Web.Imaging;
using Timbre.Web.Tests.Support;
using Timbre.Web.Uploads;

namespace Timbre.Web.Tests.Api;

/// <summary>
/// Issue 10: the spectrogram decodes only the window it draws, runs in the analysis queue and is cached by track and
/// file version — over the real backend and decoder, which a counting wrapper watches.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SpectrogramTests : IDisposable
{
    private const int LongTrackMinutes = 40;
    private readonly TempDir _dir = new();
    private readonly CountingDecoder _decoder = new(AudioDecoders.CreateDefault());
    private readonly CatalogBackend _backend;
    private readonly long _shortId;
    private readonly long _otherId;
    private readonly long _longId;
    private readonly string _shortPath;

    public SpectrogramTests()
    {
        _shortPath = _dir.File("short.wav");
        File.WriteAllBytes(_shortPath, TestWav.Tone(440, 3));
        File.WriteAllBytes(_dir.File("other.wav"), TestWav.Tone(880, 3));
        WriteLongWav(_dir.File("long.wav"), 8000, LongTrackMinutes * 60);
        var store = new SqliteCatalogStore(_dir.File("catalog.db"));
        TrackRecord Save(string name) => store.UpsertTrack(new TrackRecord { Path = _dir.File(name), SizeBytes = new FileInfo(_dir.File(name)).Length });
        (_shortId, _otherId, _longId) = (Save("short.wav").Id, Save("other.wav").Id, Save("long.wav").Id);
        _backend = new CatalogBackend(store, _decoder, analyzer: null);
    }

    public void Dispose()
    {
        _backend.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_second_request_is_served_from_the_cache_and_a_changed_file_gets_a_new_image()
    {
        using var factory = Factory(cacheBytes: 32 << 20);
        using var client = factory.CreateApiClient();
        var cache = factory.Services.GetRequiredService<SpectrogramCache>();
        var first = await client.GetByteArrayAsync($"/api/tracks/{_shortId}/spectrogram.png");
        var second = await client.GetByteArrayAsync($"/api/tracks/{_shortId}/spectrogram.png");
        Assert.Equal(first, second);
        Assert.Equal(1, cache.Computed);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, _decoder.HeadDecodes);
        Assert.Equal(0, _decoder.WholeDecodes);
        Assert.True(factory.Services.GetRequiredService<AnalysisQueue>().Peak >= 1, "the spectrogram did not run in the analysis queue");

        File.SetLastWriteTimeUtc(_shortPath, DateTime.UtcNow.AddMinutes(1));
        await client.GetByteArrayAsync($"/api/tracks/{_shortId}/spectrogram.png");
        Assert.Equal(2, cache.Computed);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tracks/999/spectrogram.png")).StatusCode);
    }

    [Fact]
    public async Task The_cache_is_bounded_by_bytes_least_recently_used_first()
    {
        using var factory = Factory(cacheBytes: 1);
        using var client = factory.CreateApiClient();
        var cache = factory.Services.GetRequiredService<SpectrogramCache>();
        var png = await client.GetByteArrayAsync($"/api/tracks/{_shortId}/spectrogram.png");
        Assert.Equal(0, cache.Bytes); // larger than the whole budget: not kept
        await client.GetByteArrayAsync($"/api/tracks/{_shortId}/spectrogram.png");
        Assert.Equal(2, cache.Computed);

        using var roomForOne = Factory(cacheBytes: png.Length + 1000);
        using var client2 = roomForOne.CreateApiClient();
        var cache2 = roomForOne.Services.GetRequiredService<SpectrogramCache>();
        foreach (var id in new[] { _shortId, _otherId, _shortId, _shortId })
        {
            await client2.GetByteArrayAsync($"/api/tracks/{id}/spectrogram.png");
        }

        Assert.Equal(3, cache2.Computed); // the other track pushed the first one out; its repeat was a hit
        Assert.Equal(1, cache2.Hits);
        Assert.True(cache2.Bytes <= png.Length + 1000);
    }

    [Fact]
    public async Task A_forty_minute_track_costs_only_the_window_it_draws()
    {
        using var factory = Factory(cacheBytes: 32 << 20);
        using var client = factory.CreateApiClient();
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync($"/api/tracks/{_longId}/spectrogram.png");
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        PlotImage.AssertChart(png, "spectrogram.png");

        // 30 s at 22 050 Hz decoded, not 40 minutes (52.9 M samples); the whole decode path was never taken.
        Assert.Equal(0, _decoder.WholeDecodes);
        Assert.InRange(_decoder.MostSamples, 1, 30 * 22050);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"spectrogram of a {LongTrackMinutes}-minute track took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private WebFactory Factory(long cacheBytes) =>
        new(new TimbreWebOptions { TempDirectory = _dir.File("tmp"), SpectrogramCacheBytes = cacheBytes }, _backend);

    /// <summary>A 16-bit mono WAV: a 30 s tone, then silence up to <paramref name="seconds"/> (zeros written sparsely).</summary>
    private static void WriteLongWav(string path, int sampleRate, int seconds)
    {
        var head = TestWav.Tone(330, 30, sampleRate);
        var dataBytes = (long)seconds * sampleRate * 2;
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(4), checked((int)(36 + dataBytes)));
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(40), checked((int)dataBytes));
        using var file = new FileStream(path, FileMode.CreateNew);
        file.Write(head);
        file.SetLength(44 + dataBytes);
    }

    /// <summary>The real decoder, counting what it is asked to decode.</summary>
    private sealed class CountingDecoder(IAudioDecoder inner) : IAudioDecoder
    {
        private int _whole;
        private int _head;
        private int _most;

        public int WholeDecodes => Volatile.Read(ref _whole);

        public int HeadDecodes => Volatile.Read(ref _head);

        public int MostSamples => Volatile.Read(ref _most);

        public AudioBuffer Decode(string path, int targetSampleRate, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _whole);
            return Seen(inner.Decode(path, targetSampleRate, cancellationToken));
        }

        public AudioBuffer DecodeHead(string path, int targetSampleRate, double maxSeconds, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _head);
            return Seen(inner.DecodeHead(path, targetSampleRate, maxSeconds, cancellationToken));
        }

        public AudioInfo Probe(string path, CancellationToken cancellationToken = default) => inner.Probe(path, cancellationToken);

        private AudioBuffer Seen(AudioBuffer audio)
        {
            int most;
            while (audio.Samples.Length > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, audio.Samples.Length, most) != most)
            {
            }

            return audio;
        }
    }
}
