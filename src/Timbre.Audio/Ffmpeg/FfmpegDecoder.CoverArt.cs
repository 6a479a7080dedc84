using System.Globalization;
using Timbre.Core.Audio;

namespace Timbre.Audio.Ffmpeg;

/// <summary>Embedded cover art, read through the same hardened path as decoding (probe, allowed demuxer, file protocol only).</summary>
public sealed partial class FfmpegDecoder
{
    private const int MaxCoverBytes = 8 << 20;

    /// <inheritdoc />
    /// <remarks>
    /// Probes first (refusing anything but allowed audio containers), then runs ffmpeg with the probed demuxer forced,
    /// mapping the first video stream (the attached picture) to one PNG frame on stdout, capped at 8 MB. A file with
    /// no picture makes ffmpeg fail to map a stream: that is "none", not an error.
    /// </remarks>
    public byte[]? ReadCoverArt(string path, int? size, CancellationToken cancellationToken = default)
    {
        AudioInfo info = Probe(path, cancellationToken);
        var arguments = new List<string>
        {
            "-nostdin", "-hide_banner", "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", _formatWhitelist,
            "-f", Demuxer(info.Format, path), "-i", AudioFiles.FileUrl(path), "-map", "0:v:0", "-frames:v", "1",
        };
        if (size is { } s)
        {
            var side = Math.Clamp(s, 16, 2048).ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(["-vf", $"scale={side}:{side}:force_original_aspect_ratio=decrease"]);
        }

        arguments.AddRange(["-c:v", "png", "-f", "image2pipe", "-"]);
        using var png = new MemoryStream();
        bool tooBig = false;
        ToolProcess.Result result = ToolProcess.Run(
            Options.FfmpegPath,
            "ffmpeg",
            arguments,
            path,
            stdout =>
            {
                var buffer = new byte[81920];
                int n;
                while ((n = stdout.Read(buffer)) > 0)
                {
                    if (png.Length + n > MaxCoverBytes)
                    {
                        tooBig = true;
                        return true;
                    }

                    png.Write(buffer, 0, n);
                }

                return false;
            },
            Options,
            cancellationToken);
        return result.ExitCode == 0 && !tooBig && !result.StoppedEarly && png.Length > 8 ? png.ToArray() : null;
    }
}
