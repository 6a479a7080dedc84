using System.Text;
using System.Text.Json;
using CsCheck;
using Timbre.Audio.Ffmpeg;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>Properties of <see cref="FfprobeJson.Parse"/>: tags are attacker-chosen, so any input is possible.</summary>
public sealed class FfprobeJsonPropertyTests
{
    private static readonly byte[] Valid = Encoding.UTF8.GetBytes("""
        {"streams":[{"codec_type":"video"},{"codec_type":"audio","sample_rate":"44100","channels":2,"duration":"3.5",
        "tags":{"TITLE":"Stream title","n":7}}],"format":{"format_name":"ogg","duration":"3.52",
        "tags":{"artist":"Band","Title":"Container title","genre":["a"]}}}
        """);

    [Fact]
    public void Arbitrary_bytes_raise_only_AudioDecodingException()
    {
        Gen.Byte.Array[0, 300].Sample(ParsesOrRefuses, iter: 5_000, threads: 1);
    }

    [Fact]
    public void Mutated_output_raises_only_AudioDecodingException()
    {
        // Replace, insert or delete a few bytes of a valid document (bytes ≥ 0x80 make invalid UTF-8 too).
        var edit = Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte, Gen.Int[0, 2]);
        edit.Array[1, 8].Sample(
            edits =>
            {
                var bytes = new List<byte>(Valid);
                foreach (var (position, value, kind) in edits)
                {
                    var at = position % Math.Max(1, bytes.Count);
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0:
                            bytes[at] = value;
                            break;
                        case 1:
                            bytes.Insert(at, value);
                            break;
                        case 2 when bytes.Count > 0:
                            bytes.RemoveAt(at);
                            break;
                    }
                }

                ParsesOrRefuses([.. bytes]);
            },
            iter: 10_000,
            threads: 1);
    }

    [Fact]
    public void Any_tag_names_and_values_come_back_under_lower_case_keys()
    {
        var tags = Gen.Select(Gen.String[0, 12], Gen.String[0, 20]).Array[0, 6];
        Gen.Select(tags, Gen.Int[-5, 400_000], Gen.Int[-2, 300]).Sample(
            (tagList, rate, channels) =>
            {
                var document = new
                {
                    streams = new object[] { new { codec_type = "audio", sample_rate = rate.ToString(System.Globalization.CultureInfo.InvariantCulture), channels, tags = ToObject(tagList) } },
                    format = new { format_name = "mp3" },
                };
                var json = JsonSerializer.SerializeToUtf8Bytes(document);
                if (rate <= 0 || channels <= 0)
                {
                    Assert.Throws<AudioDecodingException>(() => FfprobeJson.Parse(json, "x.mp3"));
                    return;
                }

                var info = FfprobeJson.Parse(json, "x.mp3");
                Assert.Equal((rate, channels), (info.SampleRate, info.Channels));
                var expected = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in ToObject(tagList))
                {
                    if (value.Length > 0)
                    {
                        expected.TryAdd(name.ToLowerInvariant(), value);
                    }
                }

                Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), info.Tags.OrderBy(p => p.Key, StringComparer.Ordinal));
            },
            iter: 2_000,
            threads: 1);
    }

    /// <summary>The tags as one JSON object would hold them: a repeated name keeps its first value.</summary>
    private static Dictionary<string, string> ToObject((string Name, string Value)[] tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in tags)
        {
            result.TryAdd(name, value);
        }

        return result;
    }

    private static void ParsesOrRefuses(byte[] json)
    {
        try
        {
            var info = FfprobeJson.Parse(json, "fuzz.mp3");
            Assert.True(info.SampleRate > 0 && info.Channels > 0, $"{info.SampleRate} Hz, {info.Channels} channels");
            Assert.True(double.IsFinite(info.DurationSeconds) && info.DurationSeconds >= 0);
        }
        catch (AudioDecodingException)
        {
        }
    }
}
