using System.Globalization;
using System.Text;
using Timbre.Core.Audio;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// Reads what ffprobe would report — container, duration, the first audio stream's rate and channels, tags — from
/// the input description ffmpeg prints on stderr before it decodes (<c>-v level+info</c>: every line starts with its
/// level, e.g. <c>[info]   Duration: 00:03:22.67, …</c>), so one ffmpeg process both probes and decodes. Anything it
/// cannot read exactly as ffprobe would gives no answer (null) and the caller asks ffprobe: an unknown duration, an
/// unusual channel layout, a tag line ffmpeg may have cut (it prints at most 255 bytes per line of a value), a
/// Matroska file with video, more lines than <see cref="MaxLines"/>. Accepted differences: ffmpeg prints a value's
/// control characters its own way (backspace, vertical tab and form feed dropped, carriage return as a space, other
/// C0 controls as '?') and leaves out the "language" tag. Feed it lines with <see cref="Add"/> (null at the end of
/// stderr); <see cref="WaitForEnd"/> returns once the description is complete.
/// </summary>
public sealed class FfmpegInputDump
{
    /// <summary>Most description lines kept; a longer one (tags of megabytes) is left to ffprobe.</summary>
    public const int MaxLines = 4096;

    /// <summary>A value line of this many UTF-8 bytes may have been cut (ffmpeg's dump copies through a 256-byte buffer).</summary>
    private const int CutSegmentBytes = 255;

    private static readonly string[] Levels = ["quiet", "panic", "fatal", "error", "warning", "info", "verbose", "debug", "trace"];
    private readonly List<string> _lines = [];
    private readonly ManualResetEventSlim _ended = new();
    private bool _started;
    private bool _overflow;
    private string _lastLevel = string.Empty;
    private string _dumpLevel = string.Empty;

    /// <summary>Whether the description is complete (or stderr ended without one).</summary>
    public bool Ended => _ended.IsSet;

    /// <summary>Takes one stderr line as ffmpeg printed it with <c>-v level+info</c>; null: stderr has ended.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            _ended.Set();
            return;
        }

        if (_ended.IsSet)
        {
            return;
        }

        // A line without a level tag continues the previous message (ffmpeg tags only the first line of a call).
        (string level, string text) = SplitLevel(line);
        _dumpLevel = level.Length > 0 ? level : _dumpLevel;
        if (_dumpLevel != "info")
        {
            return;
        }

        if (!_started)
        {
            _started = text.StartsWith("Input #0, ", StringComparison.Ordinal);
        }
        else if (!text.StartsWith(' '))
        {
            _ended.Set();
            return;
        }

        if (_started)
        {
            if (_lines.Count < MaxLines)
            {
                _lines.Add(text);
            }
            else
            {
                _overflow = true;
            }
        }
    }

    /// <summary>Blocks until the description is complete or stderr has ended (the process is gone).</summary>
    public void WaitForEnd() => _ended.Wait();

    /// <summary>
    /// What a line of ffmpeg's stderr at <c>-v level+info</c> contributes to an error message: the text of
    /// error-level lines (and lines continuing them) without the level tag, as <c>-v error</c> would print it; null for
    /// the rest.
    /// </summary>
    public string? ErrorText(string line)
    {
        (string level, string text) = SplitLevel(line);
        if (level.Length > 0)
        {
            _lastLevel = level;
        }

        return _lastLevel is "error" or "fatal" or "panic" ? text : null;
    }

    /// <summary>The file's description, or null when it is incomplete or not certain to equal ffprobe's.</summary>
    public AudioInfo? Info(string path)
    {
        if (!_ended.IsSet || _overflow)
        {
            return null;
        }

        return Parse(_lines, path);
    }

    /// <summary>Parses description lines (level tags already removed, the first one <c>Input #0, …</c>).</summary>
    public static AudioInfo? Parse(IReadOnlyList<string> lines, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        const string Head = "Input #0, ";
        if (lines.Count == 0 || !lines[0].StartsWith(Head, StringComparison.Ordinal))
        {
            return null;
        }

        int from = lines[0].IndexOf(", from '", StringComparison.Ordinal);
        if (from < Head.Length)
        {
            return null;
        }

        string format = lines[0][Head.Length..from];
        double? duration = null;
        int? rate = null, channels = null;
        bool video = false, audioSeen = false;
        var containerTags = new List<(string Key, string Value)>();
        var streamTags = new List<(string Key, string Value)>();
        List<(string Key, string Value)>? section = null;
        int entryIndent = 0;
        bool inFirstAudio = false;
        for (int i = 1; i < lines.Count; i++)
        {
            string line = lines[i];
            int indent = line.Length - line.TrimStart(' ').Length;
            string text = line.Trim(' ');
            if (section is not null && indent > entryIndent && text.StartsWith(':'))
            {
                // A value's next line: ffmpeg printed a newline of the value as a new line under an empty key.
                if (section.Count == 0 || !TryValue(text, 1, out string more))
                {
                    return null;
                }

                section[^1] = (section[^1].Key, section[^1].Value + "\n" + more);
                continue;
            }

            if (section is not null && indent == entryIndent)
            {
                int colon = line.IndexOf(": ", indent, StringComparison.Ordinal);
                if (colon < 0 || !TryValue(line, colon + 1, out string value))
                {
                    return null;
                }

                string key = line[indent..colon].TrimEnd(' ');
                if (key.Length > 0)
                {
                    section.Add((key, value));
                }

                continue;
            }

            section = null;
            if (indent == 2 && text.StartsWith("Duration: ", StringComparison.Ordinal))
            {
                duration = ParseDuration(text["Duration: ".Length..]);
            }
            else if (indent == 2 && text == "Metadata:")
            {
                (section, entryIndent) = (containerTags, 4);
            }
            else if (indent == 2 && text.StartsWith("Stream #0:", StringComparison.Ordinal))
            {
                inFirstAudio = false;
                int audio = text.IndexOf(": Audio: ", StringComparison.Ordinal);
                if (audio >= 0 && !audioSeen)
                {
                    audioSeen = inFirstAudio = true;
                    (rate, channels) = ParseAudio(text[(audio + ": Audio: ".Length)..]);
                }
                else if (text.Contains(": Video: ", StringComparison.Ordinal) && !text.EndsWith("(attached pic)", StringComparison.Ordinal))
                {
                    video = true;
                }
            }
            else if (indent == 4 && text == "Metadata:" && inFirstAudio)
            {
                (section, entryIndent) = (streamTags, 6);
            }
        }

        if (duration is not > 0 || rate is not > 0 || channels is not > 0 || (video && format.Split(',').Contains("matroska")))
        {
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in containerTags.Concat(streamTags))
        {
            if (value.Length > 0)
            {
                tags.TryAdd(key.ToLowerInvariant(), value);
            }
        }

        return new AudioInfo(path, format, duration.Value, rate.Value, channels.Value, tags);
    }

    /// <summary>The value after the colon at <paramref name="colon"/>; false when ffmpeg may have cut it.</summary>
    private static bool TryValue(string line, int colon, out string value)
    {
        // An empty next line of a value is printed as ": " (or ":" if the trailing space was lost): nothing after it.
        value = colon + 1 < line.Length ? line[(colon + 1)..] : string.Empty;
        value = value.StartsWith(' ') ? value[1..] : value;
        return Encoding.UTF8.GetByteCount(value) < CutSegmentBytes;
    }

    /// <summary>"00:03:22.67, start: …" → seconds; null for "N/A" or anything else.</summary>
    internal static double? ParseDuration(string text)
    {
        int comma = text.IndexOf(',');
        string[] parts = (comma < 0 ? text : text[..comma]).Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !double.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s))
        {
            return null;
        }

        return (h * 3600.0) + (m * 60.0) + s;
    }

    /// <summary>"vorbis, 44100 Hz, stereo, fltp, 96 kb/s" → (44100, 2); nulls for what it cannot read.</summary>
    private static (int? Rate, int? Channels) ParseAudio(string text)
    {
        string[] parts = text.Split(", ");
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (parts[i].EndsWith(" Hz", StringComparison.Ordinal)
                && int.TryParse(parts[i][..^3], NumberStyles.None, CultureInfo.InvariantCulture, out int rate))
            {
                return (rate, ChannelCount(parts[i + 1]));
            }
        }

        return (null, null);
    }

    /// <summary>The channel count of an ffmpeg layout name ("mono", "stereo", "5.1(side)", "3 channels", …); null if unknown.</summary>
    public static int? ChannelCount(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        int paren = layout.IndexOf('(');
        string name = paren > 0 ? layout[..paren] : layout;
        switch (name)
        {
            case "mono":
                return 1;
            case "stereo" or "downmix":
                return 2;
            case "quad":
                return 4;
            case "hexagonal":
                return 6;
            case "octagonal":
                return 8;
            case "hexadecagonal":
                return 16;
            case "22.2":
                return 24;
        }

        if (layout.EndsWith(" channels", StringComparison.Ordinal) || layout.Contains(" channels (", StringComparison.Ordinal))
        {
            return int.TryParse(layout[..layout.IndexOf(' ')], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;
        }

        string[] digits = name.Split('.');
        return digits.Length == 2
            && int.TryParse(digits[0], NumberStyles.None, CultureInfo.InvariantCulture, out int main)
            && int.TryParse(digits[1], NumberStyles.None, CultureInfo.InvariantCulture, out int lfe)
            && main + lfe > 0
            ? main + lfe
            : null;
    }

    /// <summary>Splits "[ctx @ 0x…] [level] text" into the level and the line without the level tag.</summary>
    private static (string Level, string Text) SplitLevel(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] == '[')
        {
            int close = line.IndexOf("] ", i, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            string token = line[(i + 1)..close];
            if (Array.IndexOf(Levels, token) >= 0)
            {
                return (token, string.Concat(line.AsSpan(0, i), line.AsSpan(close + 2)));
            }

            i = close + 2;
        }

        return (string.Empty, line);
    }
}
