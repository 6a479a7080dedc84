namespace Timbre.Core.Audio;

/// <summary>Reads the picture embedded in an audio file (an ID3 APIC frame, a FLAC picture block, an MP4 cover).</summary>
public interface ICoverArtReader
{
    /// <summary>
    /// The embedded picture as PNG, scaled to fit <paramref name="size"/> × <paramref name="size"/> pixels when given,
    /// or null when the file has none. A file that is not allowed audio is an
    /// <see cref="Timbre.Core.Errors.AudioDecodingException"/>, exactly as for decoding.
    /// </summary>
    byte[]? ReadCoverArt(string path, int? size, CancellationToken cancellationToken = default);
}
