using System.Text;
using Timbre.Audio.Ffmpeg;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>Documents FfprobeJsonPropertyTests found: each threw InvalidOperationException from TryGetProperty
/// (the server's 500) instead of the parser's AudioDecodingException.</summary>
public sealed class FfprobeJsonRegressionTests
{
    [Theory]
    [InlineData("5")]
    [InlineData("\"streams\"")]
    [InlineData("[{\"codec_type\":\"audio\"}]")]
    [InlineData("{\"streams\":[\"audio\",7,null,[]]}")]
    [InlineData("{\"streams\":{\"codec_type\":\"audio\"}}")]
    public void Documents_that_are_not_objects_where_objects_belong_are_refused(string json)
    {
        var e = Assert.Throws<AudioDecodingException>(() => FfprobeJson.Parse(Encoding.UTF8.GetBytes(json), "odd.mp3"));

        Assert.Equal("odd.mp3", e.Path);
    }

    [Fact]
    public void Tags_that_are_not_an_object_are_ignored()
    {
        var json = """{"streams":[{"codec_type":"audio","sample_rate":"8000","channels":1,"tags":["x"]}],"format":{"tags":"y"}}""";

        var info = FfprobeJson.Parse(Encoding.UTF8.GetBytes(json), "odd.mp3");

        Assert.Equal((8000, 1), (info.SampleRate, info.Channels));
        Assert.Empty(info.Tags);
    }

    [Fact]
    public void Invalid_utf8_in_a_tag_costs_only_that_tag()
    {
        // A Latin-1 ID3 title passed through by ffprobe: "Caf\xE9" is not UTF-8 (threw "Cannot transcode invalid UTF-8").
        byte[] json =
        [
            .. "{\"streams\":[{\"codec_type\":\"audio\",\"sample_rate\":\"44100\",\"channels\":2}],"u8,
            .. "\"format\":{\"format_name\":\"mp3\",\"tags\":{\"title\":\"Caf"u8, 0xE9,
            .. "\",\"artist\":\"Band\",\""u8, 0xFF, .. "\":\"x\"}}}"u8,
        ];

        var info = FfprobeJson.Parse(json, "latin1.mp3");

        Assert.Equal("Caf\uFFFD", info.Tags["title"]);
        Assert.Equal("Band", info.Tags["artist"]);
        Assert.Equal(44100, info.SampleRate);
    }
}
