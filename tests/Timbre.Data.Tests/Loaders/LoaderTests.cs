using Timbre.Core.Errors;
using Timbre.Data.Loaders;

namespace Timbre.Data.Tests.Loaders;

public class LoaderTests
{
    [Fact]
    public void Gtzan_loads_genre_folders_and_reports_the_known_bad_file_and_broken_headers()
    {
        using var dir = new TempDir();
        byte[] wav = TinyWav();
        dir.File("genres/blues/blues.00000.wav", wav);
        dir.File("genres/blues/blues.00001.wav", wav);
        dir.File("genres/jazz/jazz.00053.wav", wav);
        dir.File("genres/jazz/jazz.00054.wav", wav);
        dir.File("genres/jazz/jazz.00055.wav", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
        dir.File("genres/jazz/jazz.00056.wav", []);
        dir.File("genres/jazz/notes.txt", [65]);

        ILabelledCorpus corpus = GtzanLoader.Load(dir.Path);
        Assert.Equal(["blues", "jazz"], corpus.Labels);
        Assert.Equal(["blues.00000", "blues.00001", "jazz.00053"], corpus.Items.Select(i => i.TrackId));
        Assert.All(corpus.Items, i => Assert.Null(i.Artist));
        Assert.Equal(3, corpus.Skipped.Count);
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("jazz.00054.wav") && s.Reason.Contains("known unreadable"));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("jazz.00055.wav") && s.Reason.Contains("header"));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("jazz.00056.wav") && s.Reason.Contains("empty"));

        Assert.Equal(4, GtzanLoader.Load(Path.Combine(dir.Path, "genres"), skipKnownUnreadable: false).Items.Count);
        Assert.Throws<TimbreException>(() => GtzanLoader.Load(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void Fma_reads_the_multi_row_header_subset_genre_top_artist_and_audio_paths()
    {
        using var dir = new TempDir();
        string csv =
            ",album,artist,set,set,track,track\n" +
            ",title,name,split,subset,genre_top,title\n" +
            "track_id,,,,,,\n" +
            "2,\"Album, with comma\",AWOL,training,small,Hip-Hop,Food\n" +
            "5,Alb,AWOL,training,small,Hip-Hop,\"This \"\"World\"\"\"\n" +
            "10,\"multi\nline\",Kurt Vile,test,small,Pop,Freeway\n" +
            "20,x,Someone,training,medium,Rock,Song\n" +
            "30,x,Nobody,training,small,,NoGenre\n" +
            "140,x,Alec K. Redfearn,validation,small,Folk,Missing audio\n";
        dir.File("fma_metadata/tracks.csv", System.Text.Encoding.UTF8.GetBytes(csv));
        foreach (string id in new[] { "000002", "000005", "000010", "000020", "000030" })
        {
            dir.File($"fma_small/{id[..3]}/{id}.mp3", Mp3Stub());
            dir.File($"fma_medium/{id[..3]}/{id}.mp3", Mp3Stub());
        }

        ILabelledCorpus small = FmaLoader.Load(dir.Path, FmaSubset.Small);
        Assert.Equal(["000002", "000005", "000010"], small.Items.OrderBy(i => i.TrackId).Select(i => i.TrackId));
        Assert.Equal(["Hip-Hop", "Pop"], small.Labels);
        CorpusItem first = small.Items.Single(i => i.TrackId == "000002");
        Assert.Equal("AWOL", first.Artist);
        Assert.EndsWith(Path.Combine("fma_small", "000", "000002.mp3"), first.Path);
        Assert.Contains(small.Skipped, s => s.Reason.Contains("genre"));
        Assert.Contains(small.Skipped, s => s.Path.EndsWith("000140.mp3") && s.Reason.Contains("missing"));

        ILabelledCorpus medium = FmaLoader.Load(dir.Path, FmaSubset.Medium);
        Assert.Equal(4, medium.Items.Count);
        Assert.Contains("Rock", medium.Labels);
    }

    [Fact]
    public void Folder_tree_takes_any_audio_extension_recursively()
    {
        using var dir = new TempDir();
        dir.File("calm/a.wav", TinyWav());
        dir.File("calm/sub/b.mp3", Mp3Stub());
        dir.File("loud/c.flac", "fLaC\0\0\0\""u8.ToArray());
        dir.File("loud/readme.txt", [65]);
        dir.File("loud/broken.flac", [1, 2, 3]);

        ILabelledCorpus corpus = FolderLoader.Load(dir.Path);
        Assert.Equal(["calm", "loud"], corpus.Labels);
        Assert.Equal(["calm/a", "calm/sub/b", "loud/c"], corpus.Items.Select(i => i.TrackId));
        Assert.Single(corpus.Skipped);
    }

    [Fact]
    public void Csv_manifest_resolves_relative_paths_and_reads_artists()
    {
        using var dir = new TempDir();
        dir.File("audio/x.wav", TinyWav());
        dir.File("audio/y.wav", TinyWav());
        dir.File("list.csv", "path,label,artist\naudio/x.wav,rock,\"Band, The\"\naudio/y.wav,pop,\naudio/missing.wav,pop,\n"u8.ToArray());

        ILabelledCorpus corpus = ManifestLoader.Load(Path.Combine(dir.Path, "list.csv"));
        Assert.Equal(2, corpus.Items.Count);
        Assert.Equal("Band, The", corpus.Items.Single(i => i.Label == "rock").Artist);
        Assert.Null(corpus.Items.Single(i => i.Label == "pop").Artist);
        Assert.Single(corpus.Skipped);

        dir.File("bad.csv", "file,genre\na.wav,rock\n"u8.ToArray());
        Assert.Throws<TimbreException>(() => ManifestLoader.Load(Path.Combine(dir.Path, "bad.csv")));
    }

    /// <summary>A valid 16-bit mono WAV of four samples.</summary>
    private static byte[] TinyWav() => RawWav.Build(1, 1, 8000, 16, [0, 0, 0, 0x40, 0, 0xC0, 0, 0]);

    /// <summary>The first bytes of an ID3-tagged MP3: enough for a loader that only lists files.</summary>
    private static byte[] Mp3Stub() => [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0];
}
