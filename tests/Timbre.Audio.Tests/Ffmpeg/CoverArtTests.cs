using Timbre.Audio.Ffmpeg;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>Embedded pictures come out as PNG, scaled on request; files without one give null; non-audio is refused as in decoding.</summary>
public sealed class CoverArtTests : IDisposable
{
    private readonly TempDir _dir = new("timbre-cover-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_mp3s_attached_picture_is_read_as_png_and_scaled_to_fit()
    {
        var picture = _dir.File("cover.png");
        GeneratorFfmpeg.Run("-f", "lavfi", "-i", "color=c=red:s=320x200:d=1", "-frames:v", "1", picture);
        var mp3 = _dir.File("song.mp3");
        GeneratorFfmpeg.Run(
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=1", "-i", picture,
            "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3", mp3);
        var plain = _dir.File("plain.mp3");
        GeneratorFfmpeg.Run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=1", "-c:a", "libmp3lame", plain);
        var decoder = new FfmpegDecoder();

        var full = decoder.ReadCoverArt(mp3, null)!;
        var small = decoder.ReadCoverArt(mp3, 64)!;

        Assert.Equal((320, 200), Size(full));
        Assert.Equal((64, 40), Size(small));
        Assert.Null(decoder.ReadCoverArt(plain, 64));
        Assert.Equal(Size(small), Size(AudioDecoders.CreateDefault() is Core.Audio.ICoverArtReader reader ? reader.ReadCoverArt(mp3, 64)! : []));
    }

    [Fact]
    public void A_playlist_posing_as_audio_is_refused_before_anything_it_names_is_opened()
    {
        var fake = _dir.File("list.mp3");
        File.WriteAllText(fake, "#EXTM3U\n/etc/passwd\n");

        Assert.Throws<AudioDecodingException>(() => new FfmpegDecoder().ReadCoverArt(fake, 64));
    }

    private static (int Width, int Height) Size(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return ((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }
}
