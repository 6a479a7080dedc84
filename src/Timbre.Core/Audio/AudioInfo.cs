namespace Timbre.Core.Audio;

/// <summary>What a file says about itself before it is decoded: container, stream parameters and tags.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">Container or codec name (e.g. "wav", "mp3", "flac").</param>
/// <param name="DurationSeconds">Duration in seconds, or 0 when unknown.</param>
/// <param name="SampleRate">Native sample rate in Hz.</param>
/// <param name="Channels">Native channel count.</param>
/// <param name="Tags">Metadata tags (title, artist, album, genre, date, …), keys lower-case.</param>
public sealed record AudioInfo(
    string Path,
    string Format,
    double DurationSeconds,
    int SampleRate,
    int Channels,
    IReadOnlyDictionary<string, string> Tags);
