using Timbre.Testing;
using Timbre.App.Playlists;
using Timbre.Core.Errors;

namespace Timbre.App.Tests.Playlists;

/// <summary>M3U8 and XSPF written by Timbre read back to the same entries; foreign and damaged files behave.</summary>
public sealed class PlaylistFilesTests : IDisposable
{
    private static readonly PlaylistEntry[] Entries =
    [
        new("/music/Ünïcode Artist/Album, vol. 1/01 - Song & more.flac", "Song & <more>", "Ünïcode Artist", 181.4),
        new("/music/b/two.mp3", "Two", null, null),
        new("/music/c/three.wav", null, null, 12),
    ];

    private readonly TempDir _dir = new("timbre-playlists-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("mix.m3u8")]
    [InlineData("mix.xspf")]
    public void A_written_playlist_reads_back_to_its_entries(string name)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, PlaylistFiles.Write(PlaylistFiles.FormatOf(name)!.Value, "Mix", Entries));

        var read = PlaylistFiles.Read(path);

        Assert.Equal(Entries.Select(e => e.Location), read.Select(e => e.Location));
        Assert.Equal(Entries.Select(e => e.Title), read.Select(e => e.Title));
        Assert.Equal(Entries.Select(e => e.Artist), read.Select(e => e.Artist));
        Assert.Equal(Entries.Select(e => e.DurationSeconds is { } d ? Math.Round(d) : (double?)null), read.Select(e => e.DurationSeconds is { } d ? Math.Round(d) : (double?)null));
    }

    [Fact]
    public void M3u8_is_extended_m3u_and_xspf_uses_file_uris_in_the_xspf_namespace()
    {
        var m3u = PlaylistFiles.WriteM3u8("Mix", Entries);
        var xspf = PlaylistFiles.WriteXspf("Mix", Entries);

        Assert.StartsWith("#EXTM3U\n#PLAYLIST:Mix\n#EXTINF:181,Ünïcode Artist - Song & <more>\n/music/", m3u);
        Assert.Contains("#EXTINF:-1,Two\n/music/b/two.mp3\n", m3u);
        Assert.Contains("xmlns=\"http://xspf.org/ns/0/\"", xspf);
        Assert.Contains("<location>file:///music/%C3%9Cn%C3%AFcode%20Artist/", xspf);
        Assert.Contains("<duration>181400</duration>", xspf);
        Assert.Contains("Song &amp; &lt;more&gt;", xspf);
    }

    [Fact]
    public void A_plain_m3u_with_comments_crlf_bom_and_urls_keeps_only_locations()
    {
        var read = PlaylistFiles.ReadM3u("\uFEFF# my list\r\n\r\nrelative/one.mp3\r\n#EXTINF:abc,No Dash Title\r\nhttp://radio.example/stream\r\n#EXTVLCOPT:x\r\n");

        Assert.Equal(["relative/one.mp3", "http://radio.example/stream"], read.Select(e => e.Location));
        Assert.Equal([null, "No Dash Title"], read.Select(e => e.Title));
        Assert.Null(read[1].DurationSeconds);
    }

    [Fact]
    public void Damaged_or_hostile_xspf_is_a_clear_error_naming_the_file()
    {
        var broken = _dir.File("broken.xspf");
        File.WriteAllText(broken, "<playlist><trackList><track>");
        var notXspf = _dir.File("other.xspf");
        File.WriteAllText(notXspf, "<html/>");
        var entity = _dir.File("entity.xspf");
        File.WriteAllText(entity, "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><playlist><title>&x;</title></playlist>");

        Assert.Contains("broken.xspf", Assert.Throws<TimbreException>(() => PlaylistFiles.Read(broken)).Message);
        Assert.Contains("not an XSPF playlist", Assert.Throws<TimbreException>(() => PlaylistFiles.Read(notXspf)).Message);
        Assert.Throws<TimbreException>(() => PlaylistFiles.Read(entity)); // DTDs are refused, nothing is fetched
        Assert.Contains("cannot read", Assert.Throws<TimbreException>(() => PlaylistFiles.Read(_dir.File("missing.m3u"))).Message);
    }
}
