using Timbre.Audio.Ffmpeg;
using Timbre.Core.Audio;

namespace Timbre.Audio;

/// <summary>Ready-made decoders.</summary>
public static class AudioDecoders
{
    /// <summary>WAV in-process, everything else through ffmpeg/ffprobe found on PATH, default limits.</summary>
    public static IAudioDecoder CreateDefault() => new AudioDecoder(new FfmpegDecoder());

    /// <summary>As <see cref="CreateDefault"/> with explicit ffmpeg settings.</summary>
    public static IAudioDecoder Create(FfmpegOptions ffmpegOptions) => new AudioDecoder(new FfmpegDecoder(ffmpegOptions));
}
