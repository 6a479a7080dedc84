using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>
/// <see cref="FfmpegDecoder.ProbeAndDecodeWindow"/> (one ffmpeg process) gives what <see cref="FfmpegDecoder.Probe"/>
/// then <see cref="FfmpegDecoder.DecodeWindow"/> (ffprobe, then ffmpeg) give: the same samples bit for bit, the same
/// format, rate, channels and tags, the duration within ffmpeg's printed 0.01 s — or the same kind of error.
/// </summary>
public sealed class ProbeAndDecodeTests(EncodedFormatsFixture formats) : IClassFixture<EncodedFormatsFixture>, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FfmpegDecoder _ffmpeg = new();

    public void Dispose() => _dir.Dispose();

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("mp3")]
    [InlineData("flac")]
    [InlineData("ogg")]
    [InlineData("opus")]
    [InlineData("m4a")]
    public void EncodedFormats_OneProcess_EqualsProbeThenDecode(string ext)
    {
        string path = formats.Files[ext];
        foreach (var window in new[] { AnalysisWindowOptions.Default, new AnalysisWindowOptions { MaxSeconds = 1 } })
        {
            Assert.Null(Difference(path, 22050, window));
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void LongTaggedFile_ReadAsExcerpts_AndMultiLineTags_EvenEndingInEmptyLines_EqualProbeThenDecode()
    {
        string path = _dir.File("long.ogg");
        TestSignals.Ffmpeg(
            "-f", "lavfi", "-i", "sine=frequency=300:duration=40", "-c:a", "libvorbis", "-metadata", "title=Long One",
            "-metadata", "comment=first line\nsecond line", "-metadata", "album=" + new string('a', 300), path);
        string tagged = _dir.File("tagged.flac");
        TestSignals.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=500:duration=3", "-ac", "2", "-metadata", "artist=Ärger Ünd Söhne",
            "-metadata", "genre=Rock", "-metadata", "lyrics=la la\n\n", tagged);

        Assert.Null(Difference(path, 22050, new AnalysisWindowOptions { MaxSeconds = 10, Excerpts = 3 }));
        Assert.Null(Difference(path, 16000, new AnalysisWindowOptions { MaxSeconds = 10, FromStart = true }));
        Assert.Null(Difference(path, 22050, AnalysisWindowOptions.Default));
        Assert.Null(Difference(tagged, 22050, AnalysisWindowOptions.Default));
        Assert.Equal("first line\nsecond line", _ffmpeg.ProbeAndDecodeWindow(path, 22050, AnalysisWindowOptions.Default).Info.Tags["comment"]);
        Assert.Equal("la la\n\n", _ffmpeg.ProbeAndDecodeWindow(tagged, 22050, AnalysisWindowOptions.Default).Info.Tags["lyrics"]);
    }

    /// <summary>Every case of the generated malformed corpus: same outcome both ways (through the composite decoder, as scans use it).</summary>
    [Trait("Category", "Slow")]
    [Fact]
    public void GeneratedMalformedCorpus_SameOutcomeBothWays()
    {
        IAudioDecoder decoder = AudioDecoders.CreateDefault();
        var paths = MalformedAudioCorpus.WriteAll(MalformedAudioCorpus.Generate(), _dir.File("generated"));
        var window = new AnalysisWindowOptions { MaxSeconds = 30 };
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = 3 }, path =>
        {
            if (Difference(decoder, path, 22050, window) is { } d)
            {
                problems.Add($"{Path.GetFileName(path)}: {d}");
            }
        });

        Assert.True(problems.IsEmpty, string.Join("\n", problems));
    }

    private string? Difference(string path, int rate, AnalysisWindowOptions window) => Difference(_ffmpeg, path, rate, window);

    private static string? Difference(IAudioDecoder decoder, string path, int rate, AnalysisWindowOptions window)
    {
        (AudioInfo Info, AudioBuffer Audio)? two = null, one = null;
        AudioFailure? twoError = null, oneError = null;
        try
        {
            AudioInfo info = decoder.Probe(path);
            two = (info, decoder.DecodeWindow(info, rate, window));
        }
        catch (AudioDecodingException e)
        {
            twoError = e.Kind;
        }

        try
        {
            ProbedWindow probed = decoder.ProbeAndDecodeWindow(path, rate, window);
            one = (probed.Info, probed.Audio);
        }
        catch (AudioDecodingException e)
        {
            oneError = e.Kind;
        }

        if (two is null || one is null)
        {
            return twoError == oneError && (two is null) == (one is null) ? null : $"two steps {twoError?.ToString() ?? "ok"}, one process {oneError?.ToString() ?? "ok"}";
        }

        var (a, b) = (two.Value, one.Value);
        return a.Info.Format != b.Info.Format ? $"format {a.Info.Format} vs {b.Info.Format}"
            : a.Info.SampleRate != b.Info.SampleRate || a.Info.Channels != b.Info.Channels ? $"stream {a.Info.SampleRate}/{a.Info.Channels} vs {b.Info.SampleRate}/{b.Info.Channels}"
            : Math.Abs(a.Info.DurationSeconds - b.Info.DurationSeconds) > 0.0051 ? $"duration {a.Info.DurationSeconds} vs {b.Info.DurationSeconds}"
            : !SameTags(a.Info.Tags, b.Info.Tags) ? $"tags {Escaped(a.Info.Tags)} vs {Escaped(b.Info.Tags)}"
            : a.Audio.SampleRate != b.Audio.SampleRate || !a.Audio.Samples.AsSpan().SequenceEqual(b.Audio.Samples) ? $"samples differ ({a.Audio.Samples.Length} vs {b.Audio.Samples.Length})"
            : null;
    }

    private static string Escaped(IReadOnlyDictionary<string, string> tags) =>
        string.Join(';', tags.Select(t => t.Key + "=" + string.Concat(t.Value.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\u{(int)c:x4}"))));

    /// <summary>ffmpeg's description leaves out "language" and prints a value's control characters its own way
    /// (backspace, vertical tab, form feed dropped, carriage return as a space, other C0 controls as '?'); otherwise equal.</summary>
    private static bool SameTags(IReadOnlyDictionary<string, string> probe, IReadOnlyDictionary<string, string> dump) =>
        probe.Where(t => t.Key != "language").All(t => dump.TryGetValue(t.Key, out string? v) && v == AsPrinted(t.Value))
        && dump.Keys.All(probe.ContainsKey);

    private static string AsPrinted(string value) => string.Concat(value.Select(c => c switch
    {
        '\b' or '\v' or '\f' => string.Empty,
        '\r' => " ",
        < '\b' or (> '\r' and < ' ') => "?",
        _ => c.ToString(),
    }));
}
