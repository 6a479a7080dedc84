using System.Text.Json;
using Timbre.Audio.Wav;
using Timbre.Core.Audio;

namespace Timbre.Cli.Tests;

[Collection("Console")]
public sealed class InfoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-info-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Info_OnAWav_PrintsItsParameters()
    {
        string wav = Path.Combine(_dir, "a.wav");
        WavWriter.WriteFile(wav, new AudioBuffer(new float[22050 * 2], 22050));
        (int code, string output, string error) = CliRunner.Run("info", wav);
        Assert.True(code == 0, error);
        Assert.Contains("wav", output);
        Assert.Contains("22050 Hz", output);
        Assert.Contains("0:02.000", output);
    }

    [Fact]
    public void Info_WithAMissingFile_StillDescribesTheOthers_AndExitsOne()
    {
        string wav = Path.Combine(_dir, "b.wav");
        WavWriter.WriteFile(wav, new AudioBuffer(new float[8000], 8000));
        string missing = Path.Combine(_dir, "missing.mp3");
        (int code, string output, string error) = CliRunner.Run("info", missing, wav);
        Assert.Equal(1, code);
        Assert.Contains("missing.mp3", error);
        Assert.Contains("file not found", error);
        Assert.Contains("8000 Hz", output);
    }

    [Fact]
    public void InfoJson_IsAnArrayOfTheDescribedFiles_AndErrorsStayOnStderr()
    {
        string wav = Path.Combine(_dir, "c.wav");
        WavWriter.WriteFile(wav, new AudioBuffer(new float[16000], 16000));
        string missing = Path.Combine(_dir, "missing.flac");
        (int code, string output, string error) = CliRunner.Run("info", wav, missing, "--json");
        Assert.Equal(1, code);
        Assert.Contains("missing.flac", error);
        using var doc = JsonDocument.Parse(output);
        var file = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(wav, file.GetProperty("file").GetString());
        Assert.Equal("wav", file.GetProperty("format").GetString());
        Assert.Equal(16000, file.GetProperty("sampleRate").GetInt32());
        Assert.Equal(1, file.GetProperty("channels").GetInt32());
        Assert.Equal(1.0, file.GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Object, file.GetProperty("tags").ValueKind);
    }
}
