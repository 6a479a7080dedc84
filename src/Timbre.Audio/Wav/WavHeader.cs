namespace Timbre.Audio.Wav;

/// <summary>What the <c>fmt </c> and <c>data</c> chunks of a WAV file say, read by <see cref="WavReader.ReadHeader"/>.</summary>
/// <param name="Encoding">Sample encoding.</param>
/// <param name="FormatTag">The raw format tag (1 PCM, 3 float, 0xFFFE extensible resolved to its sub-format, …).</param>
/// <param name="SampleRate">Frames per second, 1 … <see cref="WavReader.MaxSampleRate"/>.</param>
/// <param name="Channels">Interleaved channels, 1 … <see cref="WavReader.MaxChannels"/>.</param>
/// <param name="BitsPerSample">Container bits per sample (8, 16, 24, 32 or 64).</param>
/// <param name="DataLength">Bytes in the data chunk, or -1 when the header says "unknown" (0xFFFFFFFF, streamed WAV):
/// then the data runs to the end of the stream.</param>
/// <param name="Tags">Tags from a LIST/INFO chunk before the data (title, artist, album, genre, date, comment, track),
/// keys lower-case; empty when there is none.</param>
public sealed record WavHeader(
    WavEncoding Encoding,
    int FormatTag,
    int SampleRate,
    int Channels,
    int BitsPerSample,
    long DataLength,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Bytes per interleaved frame (all channels of one sample instant).</summary>
    public int BlockAlign => Channels * (BitsPerSample / 8);

    /// <summary>Whole frames in the data chunk, or -1 when the length is unknown.</summary>
    public long FrameCount => DataLength < 0 || BlockAlign == 0 ? -1 : DataLength / BlockAlign;
}
