using System.Buffers.Binary;
using System.Text;
using Timbre.Audio.Wav;

namespace Timbre.Cli.Tests;

/// <summary>
/// <c>timbre demo --library</c> on a music library laid out Artist/Album/track: album folders are never genres. Genre
/// labels come from genre tags (then the genre model trains on them); without tags the demo recommends by the summary
/// features alone and shows no genre.
/// </summary>
[Collection("Console")]
public sealed class DemoLibraryLabelTests : IDisposable
{
    private static readonly (string Artist, string Album, double Hz, string Genre)[] Albums =
        [("Ann", "Red", 220, "Calm"), ("Ann", "Blue", 330, "Calm"), ("Bob", "Green", 1760, "Loud"), ("Bob", "Amber", 2640, "Loud")];

    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-demolabels-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void UntaggedArtistAlbumLibrary_UsesNoGenres_AndNeverNamesAnAlbumAsGenre()
    {
        string lib = Library(tagged: false);
        (int code, string text, string error) = CliRunner.Run("demo", "--no-serve", "--library", lib, "--out", Path.Combine(_dir, "out"));
        Assert.True(code == 0, error + text);
        Assert.Contains("0 of 8 files tagged", text);
        Assert.Contains("summary analyzer", text);
        Assert.Contains("m1 · summary", text);
        Assert.Contains("the contrastive encoder is not trained: 8 files, it needs 50", text);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "model")));
        foreach (var (_, album, _, _) in Albums)
        {
            Assert.DoesNotContain($"({album})", text); // the seed column shows "title (genre)"
            Assert.DoesNotContain($"│ {album} ", text); // the genre column
        }
    }

    [Fact]
    public void GenreTags_TrainTheGenreModel_OnTagLabelsNotFolders()
    {
        string lib = Library(tagged: true, perAlbum: 5);
        string output = Path.Combine(_dir, "out");
        (int code, string text, string error) = CliRunner.Run("demo", "--no-serve", "--library", lib, "--out", output, "--epochs", "20");
        Assert.True(code == 0, error + text);
        Assert.Contains("20 of 20 files tagged, 2 genres", text);
        Assert.Contains("model trained", text);
        string labels = File.ReadAllText(Path.Combine(output, "genre-tags.csv"));
        Assert.Equal(10, labels.Split('\n').Count(l => l.EndsWith(",Calm", StringComparison.Ordinal)));
        Assert.Contains("Loud", text);
        Assert.DoesNotContain("(Red)", text);
    }

    [Fact]
    public void FewGenreTags_TrainNoGenreModel()
    {
        // 4 tracks per tag (fewer than DemoGenres.MinTracksPerTag): no genre model, the summary features scan.
        string lib = Library(tagged: true);
        string output = Path.Combine(_dir, "out");
        (int code, string text, string error) = CliRunner.Run("demo", "--no-serve", "--library", lib, "--out", output);
        Assert.True(code == 0, error + text);
        Assert.Contains("8 of 8 files tagged, 0 genres with ≥ 10 tracks", text);
        Assert.Contains("using the DSP summary analyzer", text);
        Assert.False(Directory.Exists(Path.Combine(output, "model")));
    }

    private string Library(bool tagged, int perAlbum = 2)
    {
        string lib = Path.Combine(_dir, "lib");
        var rng = new Random(4);
        foreach (var (artist, album, hz, genre) in Albums)
        {
            string folder = Directory.CreateDirectory(Path.Combine(lib, artist, album)).FullName;
            for (int t = 0; t < perAlbum; t++)
            {
                var samples = new float[22050];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = (float)((0.4 * Math.Sin(2 * Math.PI * hz * (1 + (0.03 * t)) * i / 22050)) + (0.05 * (rng.NextDouble() - 0.5)));
                }

                using var stream = new MemoryStream();
                WavWriter.Write(stream, samples, 22050);
                byte[] wav = stream.ToArray();
                File.WriteAllBytes(Path.Combine(folder, $"{t + 1:D2}.wav"), tagged ? WithInfo(wav, ("IGNR", genre), ("IART", artist), ("IPRD", album)) : wav);
            }
        }

        return lib;
    }

    /// <summary>The WAV with a RIFF LIST/INFO chunk inserted before its data chunk.</summary>
    private static byte[] WithInfo(byte[] wav, params (string Id, string Value)[] tags)
    {
        Assert.Equal("data", Encoding.ASCII.GetString(wav, 36, 4)); // canonical 44-byte header
        var body = new MemoryStream();
        body.Write("INFO"u8);
        foreach (var (id, value) in tags)
        {
            byte[] text = [.. Encoding.UTF8.GetBytes(value), 0];
            body.Write(Encoding.ASCII.GetBytes(id));
            body.Write(BitConverter.GetBytes(text.Length));
            body.Write(text);
            if (text.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        byte[] list = [.. "LIST"u8, .. BitConverter.GetBytes((int)body.Length), .. body.ToArray()];
        byte[] result = [.. wav[..36], .. list, .. wav[36..]];
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), result.Length - 8);
        return result;
    }
}
