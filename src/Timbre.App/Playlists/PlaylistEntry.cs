namespace Timbre.App.Playlists;

/// <summary>One entry of a playlist file.</summary>
/// <param name="Location">The file path or URL as written in the playlist (empty when the entry has none).</param>
/// <param name="Title">Title, when the playlist gives one.</param>
/// <param name="Artist">Artist, when the playlist gives one.</param>
/// <param name="DurationSeconds">Duration in seconds, when the playlist gives one.</param>
public sealed record PlaylistEntry(string Location, string? Title = null, string? Artist = null, double? DurationSeconds = null);

/// <summary>A playlist file format.</summary>
public enum PlaylistFormat
{
    /// <summary>Extended M3U in UTF-8 (<c>.m3u8</c>, also read from <c>.m3u</c>).</summary>
    M3u8,

    /// <summary>XML Shareable Playlist Format, version 1 (<c>.xspf</c>).</summary>
    Xspf,
}
