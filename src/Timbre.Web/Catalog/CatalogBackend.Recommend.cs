using Timbre.Core.Analysis;
using System.Globalization;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Storage.Hashing;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Similar tracks, upload analysis, and users' recommendations.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    public IReadOnlyList<RecommendationItem> Similar(long id, SimilarMethod method, int count)
    {
        var snapshot = Snapshot();
        if (snapshot.Context.RowOf(id) < 0)
        {
            throw new Timbre.Core.Errors.TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
        }

        var name = method switch
        {
            SimilarMethod.M2 => "m2",
            SimilarMethod.Hybrid => "hybrid",
            _ => "m1",
        };
        var results = snapshot.Recommender(name).Recommend(RecommendationRequest.ForSeeds([id], count));
        return Items(snapshot, results);
    }

    /// <inheritdoc />
    public UploadAnalysis Analyze(string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken)
    {
        var analyzer = Analyzer;
        var analysed = FileAnalysis.Of(audioFile, _decoder, analyzer, _options.AnalysisWindow, cancellationToken);
        var (info, analysis, duration) = (analysed.Info, analysed.Record, analysed.DurationSeconds);
        var genres = new Dictionary<string, double>();
        for (var i = 0; i < analysis.GenreLabels.Count; i++)
        {
            genres[analysis.GenreLabels[i]] = analysis.GenreProbabilities[i];
        }

        var snapshot = Snapshot();
        var seed = new TrackFeatures(0, "your upload", "", "", audioFile, duration, analysis.GenreProbabilities, snapshot.EmbeddingOf(analysis))
        {
            FeatureVersion = VersionKey!,
        };
        var recommendations = snapshot.Context.Tracks.Count == 0
            ? []
            : Items(snapshot, snapshot.Recommender("m1").Recommend(new RecommendationRequest { SeedTracks = [seed], Count = count }));

        TrackSummary? added = null;
        if (addition is not null)
        {
            added = AddToCatalog(audioFile, addition, info with { DurationSeconds = duration }, analysis);
        }

        return new UploadAnalysis(genres, analysis.TopGenre, duration, recommendations, added);
    }

    /// <inheritdoc />
    public IReadOnlyList<RecommendationItem> RecommendFor(long userId, UserMethod method, int count)
    {
        var snapshot = Snapshot();
        var name = method switch
        {
            UserMethod.Multi => "multi",
            UserMethod.Hybrid => "hybrid",
            UserMethod.Cf => "user-knn",
            _ => "profile",
        };
        var request = RecommendationRequest.ForUser(userId.ToString(CultureInfo.InvariantCulture), count);
        return Items(snapshot, snapshot.Recommender(name).Recommend(request));
    }

    private TrackSummary AddToCatalog(string audioFile, LibraryAddition addition, Timbre.Core.Audio.AudioInfo info, AnalysisRecord analysis)
    {
        var file = new FileInfo(audioFile);
        string? Tag(string key) => info.Tags.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var year = Tag("date") ?? Tag("year");
        var track = new TrackRecord
        {
            Path = file.FullName,
            SizeBytes = file.Length,
            ModifiedUtc = file.LastWriteTimeUtc,
            ContentHash = ContentHasher.Compute(file.FullName),
            Title = Tag("title") ?? addition.Title,
            Artist = Tag("artist"),
            Album = Tag("album"),
            GenreTag = Tag("genre"),
            Year = year is { Length: >= 4 } && int.TryParse(year.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null,
            DurationSeconds = info.DurationSeconds,
            OwnerUserId = addition.OwnerUserId,
        };

        // Quota check and save under one store lock: two uploads at once cannot both squeeze under the limit.
        var saved = Store(s =>
        {
            addition.Check(Usage(s.GetOwnedTracksUsage(addition.OwnerUserId)), track.SizeBytes);
            return s.SaveAnalysesBatch([(track, analysis)])[0];
        });
        lock (_snapshotLock)
        {
            _tracksChanged = true;
        }

        return new TrackSummary(saved.Id, TrackText.Title(saved), saved.Artist ?? "", saved.Album ?? "", saved.Year, saved.DurationSeconds, saved.GenreTag, analysis.TopGenre, saved.OwnerUserId);
    }

    private static List<RecommendationItem> Items(CatalogSnapshot snapshot, IReadOnlyList<RecommendedTrack> results)
    {
        var items = new List<RecommendationItem>(results.Count);
        foreach (var r in results)
        {
            if (snapshot.Tracks.TryGetValue(r.TrackId, out var t))
            {
                items.Add(new RecommendationItem(t.Id, TrackText.Title(t), t.Artist ?? "", snapshot.TopGenre(t.Id), t.DurationSeconds, r.Score, r.Why));
            }
        }

        return items;
    }
}
