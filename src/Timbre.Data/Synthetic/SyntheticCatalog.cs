using System.Diagnostics;
using Timbre.Audio.Wav;
using Timbre.Core.Catalog;

namespace Timbre.Data.Synthetic;

/// <summary>Where <see cref="SyntheticCatalog.Write"/> is: a phase ("tracks", "users", "interactions") and its counts.</summary>
public sealed record SyntheticProgress(string Phase, long Done, long Total);

/// <summary>What <see cref="SyntheticCatalog.Write"/> wrote.</summary>
public sealed record SyntheticCatalogReport(int Tracks, int Users, long Interactions, int AudioFiles, int Genres, TimeSpan Elapsed);

/// <summary>
/// Writes a synthetic catalog for scale work (benchmarks, load tests) through <see cref="ICatalogStore"/>: albums of
/// made-up tracks with plausible tags and paths, an analysis set whose embeddings are Gaussian clusters (one centre per
/// genre, an offset per artist, noise per track), optional genre probabilities, and users whose plays, likes and
/// dislikes follow power laws (a few heavy users; popular tracks first) within one to three favourite genres.
/// Everything comes from one seed, so the same options give the same tracks, analyses and interactions.
/// Tracks and interactions are written in batches, one transaction each.
/// </summary>
public static class SyntheticCatalog
{
    private const float ArtistSpread = 0.5f;
    private const float TrackNoise = 0.5f;
    private const float EmbeddingClamp = 5f;
    private const double UserActivityExponent = 1.5;
    private const double FavouriteGenreShare = 0.8;
    private const double LikeChance = 0.35;
    private const double DislikeChance = 0.04;
    private const int AudioSampleRate = 22050;
    private const double AudioSeconds = 4;
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Writes the catalog into <paramref name="store"/> (meant to be empty) and reports what it wrote.</summary>
    public static SyntheticCatalogReport Write(
        ICatalogStore store,
        SyntheticCatalogOptions options,
        IProgress<SyntheticProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var genres = SyntheticNames.GenreNames.Take(options.Genres).ToArray();
        var centres = genres.Select(_ => Gaussian(random, options.Dimension, 1f)).ToArray();
        var genreWeights = genres.Select((_, g) => 1 / Math.Sqrt(g + 1)).ToArray();
        var tracksByGenre = genres.Select(_ => new List<long>()).ToArray();
        var audioFiles = WriteTracks(store, options, random, genres, centres, genreWeights, tracksByGenre, progress, cancellationToken);
        var (users, interactions) = WriteUsers(store, options, random, genreWeights, tracksByGenre, progress, cancellationToken);
        return new SyntheticCatalogReport(options.Tracks, users, interactions, audioFiles, genres.Length, clock.Elapsed);
    }

    private static int WriteTracks(
        IAnalysisRepository store,
        SyntheticCatalogOptions o,
        Random random,
        string[] genres,
        float[][] centres,
        double[] genreWeights,
        List<long>[] tracksByGenre,
        IProgress<SyntheticProgress>? progress,
        CancellationToken cancellationToken)
    {
        var labels = o.WithGenreProbabilities ? genres : [];
        var albums = new AlbumMaker(random, genres, genreWeights, o.Dimension, o.Seed, o.PathRoot);
        var batch = new List<(TrackRecord Track, AnalysisRecord Analysis)>(Math.Min(o.BatchSize, o.Tracks));
        var batchGenres = new List<int>(batch.Capacity);
        var audioFiles = 0;
        for (var i = 0; i < o.Tracks; i++)
        {
            var album = albums.Next();
            var title = SyntheticNames.Title(random);
            var duration = Math.Clamp(Math.Exp(Math.Log(230) + (0.35 * NextGaussian(random))), 30, 1200);
            var track = new TrackRecord
            {
                Path = $"{album.Folder}/{album.TrackNumber:00} {title}.flac",
                SizeBytes = (long)(duration * 112_000),
                ModifiedUtc = Epoch.AddDays(-random.Next(3650)).AddSeconds(random.Next(86_400)),
                Title = title,
                Artist = album.Artist,
                Album = album.Title,
                GenreTag = genres[album.Genre],
                Year = album.Year,
                DurationSeconds = Math.Round(duration, 1),
            };
            if (o.AudioDirectory is { } dir && audioFiles < o.AudioFiles)
            {
                track = WriteAudio(track, dir, audioFiles, album.Genre);
                audioFiles++;
            }

            var embedding = new float[o.Dimension];
            for (var d = 0; d < embedding.Length; d++)
            {
                var v = centres[album.Genre][d] + (ArtistSpread * album.ArtistOffset[d]) + (TrackNoise * (float)NextGaussian(random));
                embedding[d] = Math.Clamp(v, -EmbeddingClamp, EmbeddingClamp);
            }

            embedding = o.Conform?.Invoke(embedding) ?? embedding;

            batch.Add((track, new AnalysisRecord
            {
                ModelId = o.ModelId,
                FeatureVersion = o.FeatureVersion,
                Embedding = embedding,
                GenreLabels = labels,
                GenreProbabilities = o.WithGenreProbabilities ? GenreProbabilities(random, genres.Length, album.Genre) : [],
                SummaryFeatures = o.SummaryOf?.Invoke(embedding) ?? [],
                AnalysedAt = Epoch.AddSeconds(i),
            }));
            batchGenres.Add(album.Genre);
            if (batch.Count == o.BatchSize || i == o.Tracks - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var saved = store.SaveAnalysesBatch(batch);
                for (var k = 0; k < saved.Count; k++)
                {
                    tracksByGenre[batchGenres[k]].Add(saved[k].Id);
                }

                batch.Clear();
                batchGenres.Clear();
                progress?.Report(new SyntheticProgress("tracks", i + 1, o.Tracks));
            }
        }

        return audioFiles;
    }

    private static (int Users, long Interactions) WriteUsers(
        IUserRepository store,
        SyntheticCatalogOptions o,
        Random random,
        double[] genreWeights,
        List<long>[] tracksByGenre,
        IProgress<SyntheticProgress>? progress,
        CancellationToken cancellationToken)
    {
        // Pareto counts with exponent a have mean a·xmin/(a − 1).
        var xmin = o.MeanInteractionsPerUser * (UserActivityExponent - 1) / UserActivityExponent;
        var maxPerUser = (int)Math.Min(o.Tracks, 20 * o.MeanInteractionsPerUser);
        var genreCount = tracksByGenre.Length;
        var pending = new List<InteractionRecord>(o.BatchSize);
        long written = 0;
        for (var u = 0; u < o.Users; u++)
        {
            var user = store.CreateUser($"listener-{u + 1:000000}", passwordHash: "");
            var favourites = Enumerable.Range(0, 1 + random.Next(Math.Min(3, genreCount))).Select(_ => Weighted(random, genreWeights)).ToArray();
            var count = (int)Math.Min(maxPerUser, Math.Ceiling(xmin / Math.Pow(1 - random.NextDouble(), 1 / UserActivityExponent)));
            var chosen = new HashSet<long>();
            for (var attempt = 0; chosen.Count < count && attempt < 4 * count; attempt++)
            {
                var g = random.NextDouble() < FavouriteGenreShare ? favourites[random.Next(favourites.Length)] : Weighted(random, genreWeights);
                var list = tracksByGenre[g];
                if (list.Count == 0)
                {
                    continue;
                }

                // Log-uniform rank: Zipf-like popularity, earlier tracks of a genre are the popular ones.
                var rank = Math.Min(list.Count - 1, (int)Math.Exp(random.NextDouble() * Math.Log(list.Count + 1)) - 1);
                var trackId = list[rank];
                if (!chosen.Add(trackId))
                {
                    continue;
                }

                var at = new DateTimeOffset(Epoch.AddSeconds(random.Next(365 * 86_400)));
                var plays = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 3);
                pending.Add(new InteractionRecord(0, user.Id, trackId, InteractionKind.Play, plays, at));
                var opinion = random.NextDouble();
                if (opinion < DislikeChance)
                {
                    pending.Add(new InteractionRecord(0, user.Id, trackId, InteractionKind.Dislike, 1, at.AddMinutes(3)));
                }
                else if (opinion < DislikeChance + LikeChance)
                {
                    pending.Add(new InteractionRecord(0, user.Id, trackId, InteractionKind.Like, 1, at.AddMinutes(3)));
                }
            }

            if (pending.Count >= o.BatchSize || u == o.Users - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                written += store.AddInteractions(pending);
                pending.Clear();
                progress?.Report(new SyntheticProgress("users", u + 1, o.Users));
            }
        }

        return (o.Users, written);
    }

    private static TrackRecord WriteAudio(TrackRecord track, string directory, int index, int genre)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, $"{index + 1:00} {track.Title}.wav"));
        var samples = new float[(int)(AudioSampleRate * AudioSeconds)];
        var frequency = 110 * Math.Pow(2, (genre + index) / 12.0);
        for (var n = 0; n < samples.Length; n++)
        {
            var t = (double)n / AudioSampleRate;
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 2 * t));
            samples[n] = (float)(0.3 * envelope * (Math.Sin(2 * Math.PI * frequency * t) + (0.4 * Math.Sin(2 * Math.PI * 3 * frequency * t))));
        }

        using (var stream = File.Create(path))
        {
            WavWriter.Write(stream, samples, AudioSampleRate);
        }

        var file = new FileInfo(path);
        return track with { Path = file.FullName, SizeBytes = file.Length, ModifiedUtc = file.LastWriteTimeUtc, DurationSeconds = AudioSeconds };
    }

    private static float[] GenreProbabilities(Random random, int genres, int genre)
    {
        var p = new float[genres];
        double sum = 0;
        for (var g = 0; g < genres; g++)
        {
            var logit = (g == genre ? 3 : 0) + (0.7 * NextGaussian(random));
            p[g] = (float)Math.Exp(logit);
            sum += p[g];
        }

        for (var g = 0; g < genres; g++)
        {
            p[g] = (float)(p[g] / sum);
        }

        return p;
    }

    internal static int Weighted(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    internal static float[] Gaussian(Random random, int length, float scale)
    {
        var v = new float[length];
        for (var i = 0; i < length; i++)
        {
            v[i] = scale * (float)NextGaussian(random);
        }

        return v;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    internal static double NextGaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
