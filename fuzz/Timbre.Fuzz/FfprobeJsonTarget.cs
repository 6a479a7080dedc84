using System.Text;
using Timbre.Audio.Ffmpeg;
using Timbre.Core.Errors;

namespace Timbre.Fuzz;

/// <summary>
/// <see cref="FfprobeJson.Parse"/> on what ffprobe printed (tags come from the file, so they are attacker-chosen).
/// Bad input may only raise <see cref="AudioDecodingException"/>; a result must describe a usable stream.
/// </summary>
internal sealed class FfprobeJsonTarget : IFuzzTarget
{
    public string Name => "ffprobe-json";

    public void Execute(byte[] input)
    {
        try
        {
            var info = FfprobeJson.Parse(input, "fuzz.mp3");
            if (info.SampleRate <= 0 || info.Channels <= 0 || !double.IsFinite(info.DurationSeconds) || info.DurationSeconds < 0)
            {
                throw new FuzzInvariantException($"parsed an unusable stream: {info.SampleRate} Hz, {info.Channels} channels, {info.DurationSeconds} s");
            }
        }
        catch (AudioDecodingException)
        {
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("mp3.json", Utf8("""
            {"streams":[{"index":0,"codec_name":"mp3","codec_type":"audio","sample_rate":"44100","channels":2,
            "duration":"187.4","tags":{"encoder":"LAME3.100"}}],
            "format":{"filename":"x.mp3","format_name":"mp3","duration":"187.433","size":"3000000",
            "tags":{"title":"Song","artist":"Band","album":"Album","genre":"Rock","date":"1999","track":"3/12"}}}
            """));
        yield return ("ogg-video-first.json", Utf8("""
            {"streams":[{"codec_type":"video","width":1,"height":1},{"codec_type":"audio","sample_rate":"48000",
            "channels":1,"tags":{"TITLE":"Über \u00e9t\u00e9","Comment":"a\nb"}}],"format":{"format_name":"ogg"}}
            """));
        yield return ("numbers.json", Utf8("""{"streams":[{"codec_type":"audio","sample_rate":22050,"channels":1,"duration":1e3}],"format":{"duration":-1,"tags":{"n":5,"b":true,"o":{"x":[1,2]}}}}"""));
        yield return ("no-audio.json", Utf8("""{"streams":[{"codec_type":"data"}],"format":{"format_name":"tty"}}"""));
        yield return ("raw-flac-text.json", Utf8("""{"streams":[{"codec_type":"audio","sample_rate":"0","channels":0}],"format":{"format_name":"flac"}}"""));
        yield return ("empty.json", Utf8("{}"));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
