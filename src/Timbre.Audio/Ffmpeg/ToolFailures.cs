using Timbre.Core.Errors;

namespace Timbre.Audio.Ffmpeg;

/// <summary>Sorts a failed ffmpeg/ffprobe run into an <see cref="AudioFailure"/> by the words on its stderr.</summary>
internal static class ToolFailures
{
    /// <summary>
    /// The kind for a run that exited with an error; <paramref name="decodedAny"/>: samples came out first. When the
    /// tool could not even open <paramref name="inputUrl"/> as a container (it prints "URL: error"), no demuxer
    /// recognised the file: not audio.
    /// </summary>
    public static AudioFailure Classify(string errorTail, string inputUrl, bool decodedAny)
    {
        bool Says(string words) => errorTail.Contains(words, StringComparison.OrdinalIgnoreCase);
        if (Says("not on whitelist") || Says("matches no streams") || Says("Unknown input format")
            || Says("does not contain any stream") || Says("Output file #0 does not contain"))
        {
            return AudioFailure.NotAudio;
        }

        if (Says("No such file"))
        {
            return AudioFailure.NotFound;
        }

        if (Says("Permission denied"))
        {
            return AudioFailure.Unreadable;
        }

        if (Says("decoder not found") || Says("no decoder found") || Says("not supported") || Says("Unsupported codec"))
        {
            return AudioFailure.UnsupportedFormat;
        }

        if (!decodedAny && errorTail.Contains(inputUrl + ": ", StringComparison.Ordinal) && !Says("End of file"))
        {
            return AudioFailure.NotAudio;
        }

        // "Invalid data" before any sample: ffmpeg found no header it recognises; after samples: a damaged stream.
        return !decodedAny && Says("Invalid data found when processing input") ? AudioFailure.NotAudio : AudioFailure.Corrupt;
    }
}
