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
    /// <exception cref="AudioDecodingException">The JSON is malformed or lists no audio stream.</exception>
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
            if (Property(root, "streams") is { ValueKind: JsonValueKind.Array } streams)
            {
                foreach (JsonElement stream in streams.EnumerateArray())
                {
                    if (String(stream, "codec_type") == "audio")
                    {
                        audio = stream;
                        break;
                    }
                }
            }

            if (audio is not { } a)
            {
                throw new AudioDecodingException(path, "no audio stream");
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

            AddTags(a, tags);
            int rate = (int)Number(a, "sample_rate");
            int channels = (int)Number(a, "channels");
            if (rate <= 0 || channels <= 0)
            {
                // ffprobe guesses a format for almost anything (text named .flac becomes "raw FLAC" with 0 Hz, 0 channels).
                throw new AudioDecodingException(path, $"no decodable audio stream (format '{format}', {rate} Hz, {channels} channels)");
            }

            return new AudioInfo(path, format, duration, rate, channels, tags);
        }
        catch (JsonException e)
        {
            throw new AudioDecodingException(path, $"ffprobe printed invalid JSON: {e.Message}", e);
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
