using System.Text;
using Timbre.Audio.Tests.Wav;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests;

/// <summary>Bad input, made here in a temp directory: every file must fail with an <see cref="AudioDecodingException"/>
/// naming it, quickly, for both Decode and Probe.</summary>
public sealed class MalformedCorpusTests : IDisposable
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Pcm16Mono(params short[] v) =>
        new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("data", WavBytes.Int16(v)).Build();

    private static byte[] WithFmt(int tag, int channels, int rate, int bits) =>
        new WavBytes().Chunk("fmt ", WavBytes.Fmt(tag, channels, rate, bits)).Chunk("data", new byte[64]).Build();

    /// <summary>Name → bytes (null: a directory is made instead; missing: not created at all).</summary>
    private Dictionary<string, byte[]?> Corpus(bool withMp3 = true)
    {
        var random = new Random(1234);
        byte[] Random(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        byte[] good = Pcm16Mono(1, 2, 3, 4);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE];
        byte[] mp3 = new byte[100];
        if (withMp3)
        {
            string mp3Path = _dir.File("source.mp3");
            TestSignals.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libmp3lame", mp3Path);
            mp3 = File.ReadAllBytes(mp3Path);
            File.Delete(mp3Path);
        }

        return new Dictionary<string, byte[]?>
        {
            ["empty.wav"] = [],
            ["one-byte.wav"] = [0x52],
            ["truncated-riff-header.wav"] = "RIFF\x24\0\0\0"u8.ToArray(),
            ["riff-wave-only.wav"] = new WavBytes().Build(),
            ["truncated-chunk-header.wav"] = [.. new WavBytes().Build(), .. "fmt "u8, 16],
            ["truncated-fmt.wav"] = new WavBytes().Chunk("fmt ", new byte[6], 16).Build(),
            ["truncated-data.wav"] = good[..^4],
            ["data-claims-more.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("data", new byte[10], 1000).Build(),
            ["wrong-magic.wav"] = [.. "RIFX"u8, .. good[4..]],
            ["riff-not-wave.wav"] = new WavBytes().Chunk("avih", new byte[56]).Build(wave: "AVI "),
            ["fmt-missing.wav"] = new WavBytes().Chunk("LIST", "INFO"u8.ToArray()).Build(),
            ["data-before-fmt.wav"] = new WavBytes().Chunk("data", WavBytes.Int16(1, 2)).Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Build(),
            ["zero-channels.wav"] = WithFmt(1, 0, 8000, 16),
            ["zero-rate.wav"] = WithFmt(1, 1, 0, 16),
            ["channels-65535.wav"] = WithFmt(1, 0xFFFF, 8000, 16),
            ["channels-300.wav"] = WithFmt(1, 300, 8000, 16),
            ["rate-4mhz.wav"] = WithFmt(1, 1, 4_000_000, 16),
            ["bits-12.wav"] = WithFmt(1, 1, 8000, 12),
            ["float-bits-16.wav"] = WithFmt(3, 1, 8000, 16),
            ["absurd-chunk-size.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("junk", new byte[8], 0xFFFFFFF0).Chunk("data", new byte[8]).Build(),
            ["absurd-data-size.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 8)).Chunk("data", new byte[8], 0xFFFFFFF0).Build(),
            ["absurd-fmt-size.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16), 0xFFFFFF00).Build(),
            ["extensible-too-short.wav"] = new WavBytes().Chunk("fmt ", [.. WavBytes.Fmt(0xFFFE, 1, 8000, 16), 0, 0]).Chunk("data", new byte[8]).Build(),
            ["two-fmt.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("fmt ", WavBytes.Fmt(1, 2, 8000, 16)).Chunk("data", new byte[8]).Build(),
            ["empty-data.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("data", []).Build(),
            ["half-a-sample.wav"] = new WavBytes().Chunk("fmt ", WavBytes.Fmt(1, 1, 8000, 16)).Chunk("data", [1]).Build(),
            ["random-bytes.mp3"] = Random(4096),
            ["random-bytes.wav"] = Random(4096),
            ["text.flac"] = Encoding.UTF8.GetBytes("This is not a FLAC file, just some text.\n"),
            ["png.wav"] = png,
            ["mp3-truncated-100.mp3"] = mp3[..100],
            ["zeros.ogg"] = new byte[2000],
            ["id3-header-only.mp3"] = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 10, .. new byte[10]],
            ["a-directory.wav"] = null,
        };
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void EveryMalformedFile_FailsWithItsNameInTheMessage_Quickly()
    {
        IAudioDecoder decoder = AudioDecoders.CreateDefault();
        var paths = new List<string>();
        foreach ((string name, byte[]? bytes) in Corpus())
        {
            string path = _dir.File(name);
            if (bytes is null)
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                File.WriteAllBytes(path, bytes);
            }

            paths.Add(path);
        }

        paths.Add(_dir.File("missing-file.mp3"));
        Assert.True(paths.Count >= 25, $"only {paths.Count} files");
        RunOnThreads(paths, path => Check(decoder, path));
    }

    /// <summary>The generated corpus (<see cref="MalformedAudioCorpus"/>): probe, then windowed decode (or, when the probe refuses, whole decode)
    /// either give audio (only where the case allows it) or an <see cref="AudioDecodingException"/> of a typed kind
    /// naming the file — nothing else, and quickly.</summary>
    [Trait("Category", "Slow")]
    [Fact]
    public void GeneratedCorpus_OfOverAHundredCases_FailsOnlyWithTypedDecodingErrors()
    {
        IAudioDecoder decoder = AudioDecoders.CreateDefault();
        var cases = MalformedAudioCorpus.Generate();
        Assert.True(cases.Count >= 100, $"only {cases.Count} cases");
        var paths = MalformedAudioCorpus.WriteAll(cases, _dir.File("generated"));
        var mustFail = cases.ToDictionary(c => c.Name, c => c.MustFail);
        var window = new AnalysisWindowOptions { MaxSeconds = 30 };
        RunOnThreads(paths, path =>
        {
            string name = Path.GetFileName(path);
            // As FileAnalyzer does: probe, then decode the window; what the probe refuses must not decode either.
            AudioInfo? info = null;
            var outcomes = new List<string?> { Outcome(name, () => (info = decoder.Probe(path)) is null ? null : new AudioBuffer([0], 1)) };
            outcomes.Add(info is null ? Outcome(name, () => decoder.Decode(path, 22050)) : Outcome(name, () => decoder.DecodeWindow(info, 22050, window)));
            outcomes.AddRange(outcomes[^1] is "ok" && mustFail[name] ? ["decoded, but no decoder may accept it"] : []);
            return outcomes.Where(o => o is not null and not "ok").Select(o => o!).ToList();
        });
    }

    private static string? Outcome(string name, Func<AudioBuffer?> act)
    {
        try
        {
            AudioBuffer audio = act()!;
            return audio.Samples.Length > 30 * 22050 + 22050 ? $"window exceeded: {audio.Samples.Length} samples" : "ok";
        }
        catch (AudioDecodingException e)
        {
            return !Enum.IsDefined(e.Kind) || e.Kind == AudioFailure.ToolMissing ? $"kind {e.Kind}: {e.Message}"
                : !e.Message.Contains(name, StringComparison.Ordinal) ? $"message lacks the name: {e.Message}"
                : null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Three dedicated threads (not the pool: a blocked pool would turn the time limit into a measure of
    /// starvation), each call within <see cref="PerFileLimit"/>.</summary>
    private static void RunOnThreads(IReadOnlyList<string> paths, Func<string, List<string>> check)
    {
        var failures = new List<string>();
        var workers = new List<Thread>();
        for (int w = 0; w < 3; w++)
        {
            int worker = w;
            var thread = new Thread(() =>
            {
                for (int i = worker; i < paths.Count; i += 3)
                {
                    List<string>? problems = null;
                    var one = new Thread(() => problems = check(paths[i])) { IsBackground = true };
                    one.Start();
                    problems = one.Join(PerFileLimit * 3) ? problems : [$"still running after {PerFileLimit * 3}"];
                    lock (failures)
                    {
                        failures.AddRange(problems!.Select(p => $"{Path.GetFileName(paths[i])}: {p}"));
                    }
                }
            });
            thread.Start();
            workers.Add(thread);
        }

        workers.ForEach(t => t.Join());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static List<string> Check(IAudioDecoder decoder, string path)
    {
        string name = Path.GetFileName(path);
        var problems = new List<string>();
        foreach ((string what, Action act) in new (string, Action)[]
        {
            ("Decode", () => decoder.Decode(path, 22050)),
            ("Probe", () => decoder.Probe(path)),
        })
        {
            Exception? error = null;
            try
            {
                act();
            }
            catch (Exception e)
            {
                error = e;
            }

            string? problem = error is null ? "did not throw"
                : error is not AudioDecodingException ? $"{error.GetType().Name}: {error.Message}"
                : !error.Message.Contains(name, StringComparison.Ordinal) ? $"message lacks the name: {error.Message}"
                : null;
            if (problem is not null)
            {
                problems.Add($"{what}: {problem}");
            }
        }

        return problems;
    }

    [Fact]
    public void ReasonsAreSpecific()
    {
        Dictionary<string, byte[]?> corpus = Corpus(withMp3: false);
        AudioDecodingException Error(string name)
        {
            byte[] bytes = corpus[name]!;
            return Assert.Throws<AudioDecodingException>(() => WavReader.ReadMono(new MemoryStream(bytes), name));
        }

        string Reason(string name) => Error(name).Detail ?? string.Empty;

        Assert.Equal(AudioFailure.Empty, Error("empty.wav").Kind);
        Assert.Equal(AudioFailure.NotAudio, Error("wrong-magic.wav").Kind);
        Assert.Equal(AudioFailure.Corrupt, Error("absurd-data-size.wav").Kind);
        Assert.Equal(AudioFailure.UnsupportedFormat, Error("rate-4mhz.wav").Kind);
        Assert.Equal(AudioFailure.NoSamples, Error("half-a-sample.wav").Kind);
        Assert.Equal("the audio data is damaged or truncated: zero channels", Error("zero-channels.wav").Reason);
        Assert.Equal("zero channels", Reason("zero-channels.wav"));
        Assert.Equal("zero sample rate", Reason("zero-rate.wav"));
        Assert.Contains("65535 channels", Reason("channels-65535.wav"));
        Assert.Contains("bit depth 12", Reason("bits-12.wav"));
        Assert.Equal("no fmt chunk", Reason("fmt-missing.wav"));
        Assert.Equal("data chunk before fmt chunk", Reason("data-before-fmt.wav"));
        Assert.Contains("truncated", Reason("absurd-chunk-size.wav"));
        Assert.Contains("truncated", Reason("absurd-data-size.wav"));
        Assert.Contains("truncated", Reason("truncated-data.wav"));
        Assert.Contains("wrong magic", Reason("wrong-magic.wav"));
        Assert.Contains("empty data chunk", Reason("half-a-sample.wav"));
    }
}
