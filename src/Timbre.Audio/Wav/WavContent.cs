namespace Timbre.Audio.Wav;

/// <summary>A decoded WAV file with every channel kept.</summary>
/// <param name="Header">The parsed header.</param>
/// <param name="Interleaved">Samples in [-1, 1], frame after frame, <see cref="WavHeader.Channels"/> values per frame.</param>
public sealed record WavContent(WavHeader Header, float[] Interleaved)
{
    /// <summary>Number of frames decoded.</summary>
    public int FrameCount => Interleaved.Length / Header.Channels;

    /// <summary>Copies channel <paramref name="channel"/> out of the interleaved samples.</summary>
    public float[] Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Header.Channels);
        var result = new float[FrameCount];
        for (int i = 0, j = channel; i < result.Length; i++, j += Header.Channels)
        {
            result[i] = Interleaved[j];
        }

        return result;
    }
}
