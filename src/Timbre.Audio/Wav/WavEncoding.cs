namespace Timbre.Audio.Wav;

/// <summary>How the samples of a WAV data chunk are encoded.</summary>
public enum WavEncoding
{
    /// <summary>Integer PCM: 8-bit unsigned, 16/24/32-bit signed little-endian.</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bits little-endian.</summary>
    IeeeFloat,

    /// <summary>A well-formed file whose format tag this reader does not decode (ADPCM, µ-law, MP3-in-WAV, …).</summary>
    Unsupported,
}
