using Timbre.App.Analysis;
using Timbre.App.Library;
using Timbre.App.SharedIndex;
using Timbre.App.Snapshot;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Domain;
using Timbre.Scanning;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Similar tracks, upload analysis, and users' recommendations.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RecommendationItem>> SimilarAsync(long id, SimilarMethod method, int count, CancellationToken cancellationToken = default)
    {
        if (method == SimilarMethod.M1 && _options.SharedIndex is { } shared)
        {
            return await SimilarSharedAsync(shared, id, count, cancellationToken).ConfigureAwait(false);
        }

        if (method == SimilarMethod.M2 && _options.SharedIndex is ISharedGenreIndex genres
            && await SimilarByGenreSharedAsync(genres, id, count, cancellationToken).ConfigureAwait(false) is { } byGenre)
        {
            return byGenre;
        }

        if (method == SimilarMethod.Hybrid && _options.SharedIndex is ISharedCollaborative hybrid
            && await HybridSimilarSharedAsync(hybrid, id, count, cancellationToken).ConfigureAwait(false) is { } byHybrid)
        {
            return byHybrid;
        }

        return SimilarInProcess(id, method, count);
    }

    /// <summary>Similar songs from the snapshot (CPU work on this thread).</summary>
    private List<RecommendationItem> SimilarInProcess(long id, SimilarMethod method, int count)
    {
        var snapshot = Snapshot();
        if (snapshot.Context.RowOf(id) < 0)
        {
            throw new Timbre.Core.Errors.TimbreException($"Track {id} has not been analysed by this model yet; run timbre scan.");
        }

        var results = snapshot.Recommender(method.ToString()).Recommend(RecommendationRequest.ForSeeds([id], count));
        return Items(snapshot, results);
    }

    /// <inheritdoc />
    public Task<UploadAnalysis> AnalyzeAsync(string audioFile, int count, LibraryAddition? addition, CancellationToken cancellationToken)
    {
        if (_options.SharedIndex is { } shared)
        {
            return AnalyzeSharedAsync(shared, audioFile, count, addition, cancellationToken);
        }

        var analyzer = Analyzer;
        var snapshot = Snapshot();

        // One decode, one analysis per set the snapshot needs (a fused space takes several), the served model's first.
        var analyzers = OutsideSeeds.AnalyzersFor(snapshot, analyzer, _options.SpaceAnalyzers);
        var analysed = new FileAnalyzer(_decoder).Analyze(audioFile, analyzers, _options.AnalysisWindow, cancellationToken).ThrowIfAnyFailed();
        var seed = OutsideSeeds.FromAnalysed(snapshot, analysed, audioFile, "your upload");
        var recommendations = snapshot.Context.Tracks.Count == 0
            ? []
            : Items(snapshot, snapshot.Recommender("m1").Recommend(new RecommendationRequest { SeedTracks = [seed], Count = count }));
        return Task.FromResult(Uploaded(analysed, recommendations, addition));
    }

    /// <summary>The upload's answer: its first analysis's genres, the recommendations, and the track when it was added.</summary>
    private UploadAnalysis Uploaded(AnalysedFile analysed, IReadOnlyList<RecommendationItem> recommendations, LibraryAddition? addition)
    {
        var (analysis, duration) = (analysed.Analyses[0], analysed.DurationSeconds);
        var genres = new Dictionary<string, double>();
        for (var i = 0; i < analysis.GenreLabels.Count; i++)
        {
            genres[analysis.GenreLabels[i]] = analysis.GenreProbabilities[i];
        }

        var added = addition is null ? null : AddToCatalog(analysed, addition);
        return new UploadAnalysis(genres, analysis.TopGenre, duration, recommendations, added);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecommendationItem>> RecommendForAsync(long userId, UserMethod method, int count, CancellationToken cancellationToken = default)
    {
        if (_options.SharedIndex is ISharedGenreIndex genres
            && (method == UserMethod.Profile ? await ProfileSharedAsync(genres, userId, count, cancellationToken).ConfigureAwait(false)
                : method == UserMethod.Multi ? await MultiSharedAsync(genres, userId, count, cancellationToken).ConfigureAwait(false)
                : null) is { } shared)
        {
            return shared;
        }

        if (method == UserMethod.Cf && _options.SharedIndex is ISharedCollaborative collaborative)
        {
            return await CfSharedAsync(collaborative, userId, count, cancellationToken).ConfigureAwait(false);
        }

        if (method == UserMethod.Hybrid && _options.SharedIndex is ISharedCollaborative blend
            && await HybridUserSharedAsync(blend, userId, count, cancellationToken).ConfigureAwait(false) is { } blended)
        {
            return blended;
        }

        var snapshot = Snapshot();
        var request = RecommendationRequest.ForUser(CatalogSnapshot.UserKey(userId), count);
        return Items(snapshot, snapshot.Recommender(method.ToString()).Recommend(request));
    }

    private TrackSummary AddToCatalog(AnalysedFile analysed, LibraryAddition addition)
    {
        var prepared = LibraryAdditions.Prepare(analysed, addition); // hashes the file: outside the store lock
        var saved = Store(s => LibraryAdditions.Save(s, prepared, addition));
        TracksChanged();
        lock (_snapshotLock)
        {
            if (!_live!.ApplyTracks([(saved, analysed.Analyses)], []))
            {
                _live.Invalidate();
            }
        }

        return new TrackSummary(saved.Id, TrackText.Title(saved), saved.Artist ?? "", saved.Album ?? "", saved.Year, saved.DurationSeconds, saved.GenreTag, analysed.Analyses[0].TopGenre, saved.OwnerUserId);
    }

    private static List<RecommendationItem> Items(CatalogSnapshot snapshot, IReadOnlyList<RecommendedTrack> results)
    {
        var items = new List<RecommendationItem>(results.Count);
        foreach (var r in results)
        {
            if (snapshot.FindTrack(r.TrackId) is { } t)
            {
                items.Add(new RecommendationItem(t.Id, t.Title, t.Artist, snapshot.PredictedGenre(t.Id), t.DurationSeconds, r.Score, r.Why));
            }
        }

        return items;
    }
}
