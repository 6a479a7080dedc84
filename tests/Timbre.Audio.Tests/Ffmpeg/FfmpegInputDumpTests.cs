using Timbre.Audio.Ffmpeg;

namespace Timbre.Audio.Tests.Ffmpeg;

/// <summary>ffmpeg's input description (as ffmpeg 5.1 prints it) read as ffprobe would report it, or refused (null)
/// whenever it may differ.</summary>
public sealed class FfmpegInputDumpTests
{
    private static readonly string[] Ogg =
    [
        "Input #0, ogg, from 'file:/music/a.ogg':",
        "  Duration: 00:03:22.67, start: 0.000000, bitrate: 88 kb/s",
        "  Stream #0:0: Audio: vorbis, 44100 Hz, stereo, fltp, 96 kb/s",
        "    Metadata:",
        "      ARTIST          : Jason Lavallee",
        "      comment         : line one",
        "                      : line two",
        "      TITLE           : Airship: the return",
        "      A_VERY_LONG_KEY_NAME: long key",
    ];

    private static FfmpegInputDump Fed(IEnumerable<string> lines)
    {
        var dump = new FfmpegInputDump();
        foreach (string line in lines)
        {
            dump.Add(line);
        }

        return dump;
    }

    [Fact]
    public void OggDescription_GivesFormatDurationRateChannelsAndTags()
    {
        var info = FfmpegInputDump.Parse(Ogg, "a.ogg");

        Assert.NotNull(info);
        Assert.Equal("ogg", info.Format);
        Assert.Equal(202.67, info.DurationSeconds, 6);
        Assert.Equal(44100, info.SampleRate);
        Assert.Equal(2, info.Channels);
        Assert.Equal("Jason Lavallee", info.Tags["artist"]);
        Assert.Equal("line one\nline two", info.Tags["comment"]);
        Assert.Equal("Airship: the return", info.Tags["title"]);
        Assert.Equal("long key", info.Tags["a_very_long_key_name"]);
    }

    [Fact]
    public void AValueEndingInANewline_EndsInANewline_AsFfprobeReportsIt()
    {
        // ffmpeg 5.1 on a Vorbis comment "…\nTiny Strings\n" (Debian's supertux-data cave_old.ogg): the empty last line
        // is printed as "   : " and arrives trimmed to ":"; ffprobe reports "Cello\nTiny Strings\n".
        string[] lines =
        [
            "Input #0, ogg, from 'file:/music/cave.ogg':",
            "  Duration: 00:01:16.90, start: 0.000000, bitrate: 71 kb/s",
            "  Stream #0:0: Audio: vorbis, 48000 Hz, stereo, fltp, 112 kb/s",
            "    Metadata:",
            "      TITLE           : Super Tux - The Cave",
            "      COMMENTS        : Cello",
            "                      : Tiny Strings",
            "                      :",
        ];

        var info = FfmpegInputDump.Parse(lines, "cave.ogg");

        Assert.NotNull(info);
        Assert.Equal("Cello\nTiny Strings\n", info.Tags["comments"]);
        Assert.Equal("Super Tux - The Cave", info.Tags["title"]);
    }

    [Fact]
    public void LevelTaggedLines_EndAtTheFirstUnindentedInfoLine_AndUntaggedLinesContinueTheirMessage()
    {
        var lines = new List<string> { "[ogg @ 0x5555] [warning] Broken file, keyframe not correctly marked." };
        lines.AddRange(Ogg.Select(l => l.StartsWith("  ", StringComparison.Ordinal) && l.TrimStart().StartsWith(':') ? l : "[info] " + l));
        lines.Add("[info] Stream mapping:");
        lines.Add("[info]   Stream #0:0 -> #0:0 (vorbis (native) -> pcm_f32le (native))");
        var dump = Fed(lines);

        Assert.True(dump.Ended);
        Assert.Equal("line one\nline two", dump.Info("a.ogg")!.Tags["comment"]);
        Assert.Equal(FfmpegInputDump.Parse(Ogg, "a.ogg"), dump.Info("a.ogg"), new InfoComparer());
    }

    [Fact]
    public void TagValueEndingInEmptyLines_KeepsThemAsFfprobeDoes()
    {
        // As ffmpeg 5.1 printed lyrics="la la\n\n" and comment="x\n" (continuation lines have no level tag).
        string[] stderr =
        [
            "[info] Input #0, ogg, from 'file:/m/t.ogg':",
            "[info]   Duration: 00:00:02.00, start: 0.000000, bitrate: 28 kb/s",
            "[info]   Stream #0:0: Audio: vorbis, 44100 Hz, mono, fltp, 80 kb/s",
            "[info]     Metadata:",
            "[info]       lyrics          : la la",
            "                      : ",
            "                      : ",
            "[info]       comment         : x",
            "                      :",
            "[info]       TITLE           : after",
            "[info] Stream mapping:",
        ];

        var info = Fed(stderr).Info("t.ogg");

        Assert.NotNull(info);
        Assert.Equal("la la\n\n", info.Tags["lyrics"]);
        Assert.Equal("x\n", info.Tags["comment"]);
        Assert.Equal("after", info.Tags["title"]);
    }

    [Fact]
    public void ErrorText_KeepsErrorLinesWithoutTheirLevel_AsVerbosityErrorWouldPrintThem()
    {
        var dump = new FfmpegInputDump();

        Assert.Null(dump.ErrorText("[info]   Duration: N/A"));
        Assert.Null(dump.ErrorText("[ogg @ 0x1] [warning] odd page"));
        Assert.Equal("[mp3 @ 0x2] Header missing", dump.ErrorText("[mp3 @ 0x2] [error] Header missing"));
        Assert.Equal("continued", dump.ErrorText("continued"));
        Assert.Equal("file:x.ogg: Invalid data found when processing input", dump.ErrorText("[fatal] file:x.ogg: Invalid data found when processing input"));
    }

    [Fact]
    public void Mp4FamilyFormat_AttachedPicture_AndContainerTagsFirst()
    {
        string[] lines =
        [
            "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/m/b.m4a':",
            "  Metadata:",
            "    title           : Container title",
            "    major_brand     : M4A ",
            "  Duration: 00:00:02.02, start: 0.000000, bitrate: 131 kb/s",
            "  Chapters:",
            "    Chapter #0:0: start 0.000000, end 1.000000",
            "      Metadata:",
            "        title           : Chapter one",
            "  Stream #0:0(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 128 kb/s (default)",
            "    Metadata:",
            "      title           : Stream title",
            "      handler_name    : SoundHandler",
            "  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 500x500, 90k tbr, 90k tbn (attached pic)",
        ];

        var info = FfmpegInputDump.Parse(lines, "b.m4a");

        Assert.NotNull(info);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", info.Format);
        Assert.Equal(48000, info.SampleRate);
        Assert.Equal(6, info.Channels);
        Assert.Equal("Container title", info.Tags["title"]);
        Assert.Equal("SoundHandler", info.Tags["handler_name"]);
    }

    public static TheoryData<string> Refused() => new()
    {
        "  Duration: N/A, bitrate: N/A",
        "  Stream #0:0: Audio: pcm_s16le, 0 Hz, mono, s16, 0 kb/s",
        "  Stream #0:0: Audio: opus, 48000 Hz, weird-layout, fltp",
        "    TITLE           : " + new string('x', 255),
        "    TITLE           : " + new string('é', 128),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void WhatMayDifferFromFfprobe_IsRefused(string odd)
    {
        var lines = new List<string>
        {
            "Input #0, flac, from 'file:/m/c.flac':",
            "  Metadata:",
            "    ARTIST          : Someone",
            "  Duration: 00:00:02.00, start: 0.000000, bitrate: 500 kb/s",
            "  Stream #0:0: Audio: flac, 44100 Hz, stereo, s16",
        };
        Assert.NotNull(FfmpegInputDump.Parse(lines, "c.flac"));
        int at = odd.StartsWith("  Duration", StringComparison.Ordinal) ? 3 : odd.StartsWith("  Stream", StringComparison.Ordinal) ? 4 : 2;
        lines[at] = odd;

        Assert.Null(FfmpegInputDump.Parse(lines, "c.flac"));
    }

    [Fact]
    public void MatroskaWithVideo_IsRefused_AndADescriptionNeverEnded_GivesNothing()
    {
        string[] mkv =
        [
            "Input #0, matroska,webm, from 'file:/m/v.mka':",
            "  Duration: 00:00:02.00, start: 0.000000, bitrate: 500 kb/s",
            "  Stream #0:0: Video: vp9, yuv420p(tv), 320x240, 25 fps, 25 tbr, 1k tbn",
            "  Stream #0:1: Audio: opus, 48000 Hz, stereo, fltp",
        ];

        Assert.Null(FfmpegInputDump.Parse(mkv, "v.mka"));
        Assert.Null(Fed(Ogg.Select(l => "[info] " + l)).Info("a.ogg"));
    }

    [Theory]
    [InlineData("mono", 1)]
    [InlineData("stereo", 2)]
    [InlineData("2.1", 3)]
    [InlineData("quad(side)", 4)]
    [InlineData("5.1(side)", 6)]
    [InlineData("7.1(wide)", 8)]
    [InlineData("3 channels", 3)]
    [InlineData("2 channels (FL+LFE)", 2)]
    [InlineData("hexadecagonal", 16)]
    [InlineData("nonsense", null)]
    [InlineData("0 channels", null)]
    public void ChannelLayoutNames_GiveTheirCounts(string layout, int? count) =>
        Assert.Equal(count, FfmpegInputDump.ChannelCount(layout));

    private sealed class InfoComparer : IEqualityComparer<Core.Audio.AudioInfo?>
    {
        public bool Equals(Core.Audio.AudioInfo? x, Core.Audio.AudioInfo? y) =>
            x is not null && y is not null && x.Format == y.Format && x.DurationSeconds == y.DurationSeconds
            && x.SampleRate == y.SampleRate && x.Channels == y.Channels
            && x.Tags.Count == y.Tags.Count && x.Tags.All(t => y.Tags.TryGetValue(t.Key, out string? v) && v == t.Value);

        public int GetHashCode(Core.Audio.AudioInfo? obj) => 0;
    }
}
