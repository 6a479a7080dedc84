using System.Buffers.Binary;

namespace Timbre.Testing;

/// <summary>Files an attacker would upload: playlists and scripts that point elsewhere, polyglots, decompression bombs.</summary>
public static class HostileAudio
{
    /// <summary>An HLS media playlist whose one segment is <paramref name="url"/> (file:, http:, …).</summary>
    public static string HlsPlaylist(string url) =>
        $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n{url}\n#EXT-X-ENDLIST\n";

    /// <summary>An ffconcat script listing <paramref name="path"/>.</summary>
    public static string FfconcatScript(string path) => $"ffconcat version 1.0\nfile '{path}'\n";

    /// <summary>A plain extended M3U playlist listing <paramref name="path"/>.</summary>
    public static string M3u(string path) => $"#EXTM3U\n#EXTINF:10,Song\n{path}\n";

    /// <summary>A RIFF/WAVE PCM header whose data chunk claims far more than follows, then <paramref name="body"/>.</summary>
    public static byte[] WavHeaderThen(byte[] body) => RawWav.Build(1, 1, 44100, 16, body, 0x7FFF_0000);

    /// <summary>
    /// Hours of silence that compress to little: FLAC (1 kHz, so it is quick to encode), Ogg Vorbis (4 kHz) or MP3
    /// (one 10-second silent MPEG-2.5 frame run repeated, no Xing header). Written to <paramref name="path"/>.
    /// </summary>
    public static void SilenceBomb(string path, double hours)
    {
        var seconds = (hours * 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (Path.GetExtension(path))
        {
            case ".flac":
                GeneratorFfmpeg.Run("-f", "lavfi", "-i", "anullsrc=r=1000:cl=mono", "-t", seconds, "-c:a", "flac", path);
                break;
            case ".ogg":
                GeneratorFfmpeg.Run("-f", "lavfi", "-i", "anullsrc=r=4000:cl=mono", "-t", seconds, "-c:a", "libvorbis", "-q:a", "-1", path);
                break;
            case ".mp3":
                var piece = path + ".piece.mp3";
                GeneratorFfmpeg.Run("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "10", "-c:a", "libmp3lame", "-b:a", "8k", "-write_xing", "0", "-id3v2_version", "0", piece);
                var bytes = File.ReadAllBytes(piece);
                File.Delete(piece);
                using (var o = File.Create(path))
                {
                    for (var i = 0; i < (int)(hours * 360); i++)
                    {
                        o.Write(bytes);
                    }
                }

                break;
            default:
                throw new ArgumentException($"No bomb recipe for {path}.", nameof(path));
        }
    }

    /// <summary>A 16-bit PCM WAV with <paramref name="frames"/> frames of silence.</summary>
    public static byte[] SilentWav(int frames, int rate = 22050)
    {
        var data = new byte[frames * 2];
        BinaryPrimitives.WriteInt16LittleEndian(data, 0);
        return RawWav.Build(1, 1, (uint)rate, 16, data);
    }
}
