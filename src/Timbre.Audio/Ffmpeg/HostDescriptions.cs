using System.Globalization;
using System.Text;
using Timbre.Core.Audio;
using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Turns the decoder host's description of a file into the <see cref="AudioInfo"/> the ffmpeg CLI path would have
/// produced: <see cref="AsProbed"/> as <see cref="FfprobeJson"/> reads ffprobe, <see cref="AsDumped"/> as
/// <see cref="FfmpegInputDump"/> reads ffmpeg's own description (duration to 0.01 s, tags as the dump prints them),
/// so a scan stores the same facts whichever path decoded the file.
/// </summary>
internal static class HostDescriptions
{
    /// <summary>What ffprobe's JSON would give; throws as <see cref="FfprobeJson.Parse"/> does for what is not audio.</summary>
    public static AudioInfo AsProbed(DecoderHost.Description d, string path)
    {
        Check(d, path);
        double duration = 0;
        if (d.DurationMicroseconds is long us and > 0)
        {
            // ffprobe prints ts × av_q2d(1/1000000) with "%f".
            double seconds = us * (1.0 / 1000000);
            duration = double.Parse(seconds.ToString("F6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return new AudioInfo(path, d.Format, duration, d.SampleRate, d.Channels, Tags(d.Tags));
    }

    /// <summary>What ffmpeg's input dump would give, or null where <see cref="FfmpegInputDump"/> would not be sure.</summary>
    public static AudioInfo? AsDumped(DecoderHost.Description d, string path)
    {
        Check(d, path);
        if (d.DurationMicroseconds is not long us || us <= 0)
        {
            return null;
        }

        // libavformat's dump: round to 1/100 s by adding 5 ms, then HH:MM:SS.cc.
        long shown = us <= long.MaxValue - 5000 ? us + 5000 : us;
        long secs = shown / 1000000, centis = shown % 1000000 * 100 / 1000000;
        string text = string.Create(
            CultureInfo.InvariantCulture, $"{secs / 3600:00}:{secs / 60 % 60:00}:{secs % 60:00}.{centis:00}");
        if (FfmpegInputDump.ParseDuration(text) is not double duration || duration <= 0)
        {
            return null;
        }

        var dumped = new List<(string Key, string Value)>();
        foreach ((string key, string value) in d.Tags)
        {
            if (key == "language")
            {
                continue;
            }

            if (AsDumpedValue(value) is not string shownValue)
            {
                return null;
            }

            dumped.Add((key, shownValue));
        }

        return new AudioInfo(path, d.Format, duration, d.SampleRate, d.Channels, Tags(dumped));
    }

    /// <summary>
    /// A tag value as it comes back from ffmpeg's dump: backspace, vertical tab and form feed dropped, carriage return as
    /// a space, other C0 controls (but tab and newline) as '?', trailing spaces of continued lines lost; null when a
    /// line is long enough that ffmpeg may have cut it.
    /// </summary>
    private static string? AsDumpedValue(string value)
    {
        string[] lines = value.Split('\n');
        var result = new StringBuilder(value.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = new StringBuilder(lines[i].Length);
            foreach (char c in lines[i])
            {
                _ = c switch
                {
                    '\b' or '\v' or '\f' => line,
                    '\r' => line.Append(' '),
                    < '\b' or (> '\r' and < ' ') => line.Append('?'),
                    _ => line.Append(c),
                };
            }

            string shown = i > 0 ? line.ToString().TrimEnd(' ') : line.ToString();
            if (Encoding.UTF8.GetByteCount(shown) >= 255)
            {
                return null;
            }

            result.Append(i > 0 ? "\n" : string.Empty).Append(shown);
        }

        return result.ToString();
    }

    private static void Check(DecoderHost.Description d, string path)
    {
        if (d.AudioStream < 0)
        {
            throw new AudioDecodingException(path, AudioFailure.NotAudio, "no audio stream");
        }

        if (d.Video && d.Format.Split(',').Contains("matroska"))
        {
            throw new AudioDecodingException(path, AudioFailure.NotAudio, $"a video file (format '{d.Format}')");
        }

        if (d.SampleRate <= 0 || d.Channels <= 0)
        {
            throw new AudioDecodingException(
                path, AudioFailure.NotAudio, $"no decodable audio stream (format '{d.Format}', {d.SampleRate} Hz, {d.Channels} channels)");
        }
    }

    private static Dictionary<string, string> Tags(IEnumerable<(string Key, string Value)> tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in tags)
        {
            if (value.Length > 0)
            {
                result.TryAdd(key.ToLowerInvariant(), value);
            }
        }

        return result;
    }
}
