using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>Turns <c>ffprobe -print_format json -show_format -show_streams</c> output into an <see cref="AudioInfo"/>.</summary>
public static class FfprobeJson
{
    /// <summary>Parses <paramref name="json"/>; the first audio stream gives rate and channels, tags are merged
    /// (container tags first, then the audio stream's) with lower-case keys.</summary>
    /// <exception cref="AudioDecodingException">The JSON is malformed or lists no audio stream, or a Matroska/WebM
    /// file holds video (<see cref="AudioFailure.NotAudio"/>).</exception>
    public static AudioInfo Parse(ReadOnlySpan<byte> json, string path)
    {
        // ffprobe copies tag bytes from the file as they are; invalid UTF-8 there would make every string read throw,
        // so it becomes U+FFFD and one mangled tag costs only itself.
        byte[]? repaired = Utf8.IsValid(json) ? null : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json));
        try
        {
            var reader = new Utf8JsonReader(repaired ?? json);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            JsonElement? audio = null;
            bool video = false;
            if (Property(root, "streams") is { ValueKind: JsonValueKind.Array } streams)
            {
                foreach (JsonElement stream in streams.EnumerateArray())
                {
                    string? type = String(stream, "codec_type");
                    if (type == "audio")
                    {
                        audio ??= stream;
                    }
                    else if (type == "video" && !IsAttachedPicture(stream))
                    {
                        video = true;
                    }
                }
            }

            if (audio is not { } a)
            {
                throw new AudioDecodingException(path, AudioFailure.NotAudio, "no audio stream");
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            string format = "unknown";
            double duration = 0;
            if (Property(root, "format") is { ValueKind: JsonValueKind.Object } fmt)
            {
                format = String(fmt, "format_name") ?? format;
                duration = Number(fmt, "duration");
                AddTags(fmt, tags);
            }

            if (duration <= 0)
            {
                duration = Number(a, "duration");
            }

            if (video && format.Split(',').Contains("matroska"))
            {
                // Matroska/WebM is admitted for audio-only files; one with a video track is a video.
                throw new AudioDecodingException(path, AudioFailure.NotAudio, $"a video file (format '{format}')");
            }

            AddTags(a, tags);
            int rate = (int)Number(a, "sample_rate");
            int channels = (int)Number(a, "channels");
            if (rate <= 0 || channels <= 0)
            {
                // ffprobe guesses a format for almost anything (text named .flac becomes "raw FLAC" with 0 Hz, 0 channels).
                throw new AudioDecodingException(path, AudioFailure.NotAudio, $"no decodable audio stream (format '{format}', {rate} Hz, {channels} channels)");
            }

            return new AudioInfo(path, format, duration, rate, channels, tags);
        }
        catch (JsonException e)
        {
            throw new AudioDecodingException(path, AudioFailure.Corrupt, $"ffprobe printed invalid JSON: {e.Message}", e);
        }
    }

    private static void AddTags(JsonElement element, Dictionary<string, string> tags)
    {
        if (Property(element, "tags") is not { ValueKind: JsonValueKind.Object } t)
        {
            return;
        }

        foreach (JsonProperty tag in t.EnumerateObject())
        {
            string? value = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString() : tag.Value.GetRawText();
            if (!string.IsNullOrEmpty(value))
            {
                tags.TryAdd(tag.Name.ToLowerInvariant(), value);
            }
        }
    }

    /// <summary>Cover art in MP3/FLAC/M4A is a one-picture "video" stream flagged as an attached picture.</summary>
    private static bool IsAttachedPicture(JsonElement stream) =>
        Property(stream, "disposition") is { } d
        && Property(d, "attached_pic") is { ValueKind: JsonValueKind.Number } pic && pic.TryGetInt32(out int flag) && flag == 1;

    /// <summary>The named member of an object; null for a missing member or when <paramref name="element"/> is no
    /// object (TryGetProperty throws on arrays, strings and numbers, which a mangled or hostile document can hold).</summary>
    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) ? v : null;

    private static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static double Number(JsonElement element, string name)
    {
        if (Property(element, name) is not { } v)
        {
            return 0;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d))
        {
            return double.IsFinite(d) && d > 0 ? d : 0;
        }

        return v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
            && double.IsFinite(s) && s > 0
            ? s
            : 0;
    }
}
