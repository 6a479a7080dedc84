using Timbre.App.Snapshot;
using Timbre.Core.Catalog;
using Timbre.Dsp;
using Timbre.Recommendation.Catalog;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Library browsing: list, details, audio file, spectrogram.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    /// <remarks>
    /// The predicted genre (filter, count and each row's) comes from the catalog, where each analysis keeps it
    /// (<see cref="PredictedGenreSource"/>): no page loads the snapshot. A search text under 3 characters (no trigram
    /// index) reads the whole catalog, so only one such page runs at a time: another waits up to
    /// <see cref="CatalogBackendOptions.CatalogScanWait"/> and is then refused (<see cref="CatalogBusyException"/>,
    /// 503) instead of tying up readers and threads the other pages need. A longer search text is answered from the
    /// index or a short walk of the sorted list (its cost follows the page, not the catalog) and does not queue.
    /// </remarks>
    public LibraryPage ListTracks(LibraryQuery query)
    {
        if (string.IsNullOrWhiteSpace(query.Search) || IsIndexedSearch(query.Search))
        {
            return ListTracksCore(query);
        }

        if (!_catalogScan.Wait(_options.CatalogScanWait))
        {
            throw new CatalogBusyException("The server is busy with other searches; try again in a moment.");
        }

        try
        {
            return ListTracksCore(query);
        }
        finally
        {
            _catalogScan.Release();
        }
    }

    private static bool IsIndexedSearch(string search)
    {
        var text = search.Trim();
        return !text.Contains('\0', StringComparison.Ordinal) && text.EnumerateRunes().Take(3).Count() == 3;
    }

    private LibraryPage ListTracksCore(LibraryQuery query)
    {
        var source = PredictedSource();
        if (query.Genre is not null && source is null)
        {
            return new LibraryPage([], 0, query.Page, query.PageSize); // no model, so no predicted genres
        }

        var baseQuery = new TrackQuery
        {
            Search = query.Search,
            PredictedGenre = query.Genre is null ? null : new PredictedGenreFilter(source!, query.Genre),
            YearFrom = query.YearFrom,
            YearTo = query.YearTo,
            MinDurationSeconds = query.MinDurationSeconds,
            MaxDurationSeconds = query.MaxDurationSeconds,
            Sort = query.Sort switch
            {
                LibrarySort.Artist => TrackSort.Artist,
                LibrarySort.Album => TrackSort.Album,
                LibrarySort.Year => TrackSort.Year,
                LibrarySort.Duration => TrackSort.Duration,
                LibrarySort.Added => TrackSort.Added,
                _ => TrackSort.Title,
            },
            Descending = query.Descending,
        };

        var after = query.After is null ? null : LibraryCursor.Decode(query.After);
        after?.EnsureFor(baseQuery);
        var page = Read(s => s.ListTracks(after is null
            ? baseQuery with { Offset = (query.Page - 1) * query.PageSize, Limit = query.PageSize }
            : baseQuery with { After = after, Limit = query.PageSize }));
        var genres = source is null || page.Items.Count == 0 ? null : Read(s => s.PredictedGenres([.. page.Items.Select(t => t.Id)], source));
        var items = page.Items.Select(t => Summary(t, null) with { PredictedGenre = genres?.GetValueOrDefault(t.Id) }).ToList();
        return new LibraryPage(items, page.Total, query.Page, query.PageSize)
        {
            Next = page.Next is null ? null : LibraryCursor.Encode(page.Next),
            TotalIsLowerBound = page.TotalIsLowerBound,
        };
    }

    /// <summary>
    /// Where this server's predicted genres come from, as its snapshot takes them: the analyzer's set, or with the
    /// catalog's fitted space the space's first set for tracks analysed by all of its sets. Worked out again only when
    /// the catalog's content sequence moved (a fitted or removed space, new sets). Null without a model.
    /// </summary>
    private PredictedGenreSource? PredictedSource()
    {
        if (_analyzer is null)
        {
            return null;
        }

        var sequence = Read(s => s.ContentSequence());
        if (Volatile.Read(ref _predictedSource) is { } known && known.Sequence == sequence)
        {
            return known.Source;
        }

        var options = SnapshotOptions.For(_analyzer.ModelId, _analyzer.FeatureVersion);
        var space = options.UseEmbeddingSpace ? Read(s => CatalogContextLoader.SpaceFor(s, options)) : null;
        var source = space is null
            ? new PredictedGenreSource(_analyzer.ModelId, _analyzer.FeatureVersion)
            : new PredictedGenreSource(space.Sets[0].ModelId, space.Sets[0].FeatureVersion)
            {
                AlsoAnalysedBy = [.. space.Sets.Skip(1).Select(s => new AnalysisSetKey(s.ModelId, s.FeatureVersion))],
            };
        Volatile.Write(ref _predictedSource, new PredictedSourceStamp(sequence, source));
        return source;
    }

    private sealed record PredictedSourceStamp(long Sequence, PredictedGenreSource Source);

    /// <inheritdoc />
    public TrackDetail? GetTrack(long id)
    {
        var track = Read(s => s.FindTrack(id));
        if (track is null)
        {
            return null;
        }

        var snapshot = SnapshotOrNull();
        var genres = new Dictionary<string, double>();
        var analysis = _analyzer is null ? null : Read(s => s.FindAnalysis(id, _analyzer.ModelId, _analyzer.FeatureVersion));

        if (analysis is not null)
        {
            for (var i = 0; i < analysis.GenreLabels.Count; i++)
            {
                genres[analysis.GenreLabels[i]] = analysis.GenreProbabilities[i];
            }
        }

        var format = Path.GetExtension(track.Path).TrimStart('.').ToLowerInvariant();
        return new TrackDetail(Summary(track, snapshot) with { PredictedGenre = analysis?.TopGenre }, genres, format, track.SizeBytes);
    }

    /// <inheritdoc />
    /// <remarks>The wait for a catalog reader holds no thread (the similar-songs endpoint asks this first).</remarks>
    public Task<bool> HasTrackAsync(long id, CancellationToken cancellationToken = default) =>
        ReadAsync(s => s.FindTrack(id) is not null, cancellationToken);

    /// <inheritdoc />
    public string? GetAudioFile(long id)
    {
        var track = Read(s => s.FindTrack(id));
        return track is { Status: TrackStatus.Present } && File.Exists(track.Path) ? track.Path : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Decodes only the first <see cref="CatalogBackendOptions.SpectrogramSeconds"/> (the decoder's head window), so
    /// a long track costs no more than a short one. Callers cache the image and bound how many run at once.
    /// </remarks>
    public Spectrogram? GetSpectrogram(long id, CancellationToken cancellationToken)
    {
        var path = GetAudioFile(id);
        if (path is null)
        {
            return null;
        }

        var audio = _decoder.DecodeHead(path, _options.SpectrogramSampleRate, _options.SpectrogramSeconds, cancellationToken);
        var length = (int)Math.Min(audio.Samples.Length, _options.SpectrogramSeconds * audio.SampleRate);
        var melOptions = new MelOptions { SampleRate = audio.SampleRate, NMels = _options.SpectrogramMelBands };
        var mel = new MelSpectrogram(melOptions);
        var db = mel.ComputeDb(audio.Samples.AsSpan(0, length));

        // FeatureMatrix is bands × frames; the image wants frame-major rows.
        var values = new float[db.Rows * db.Cols];
        for (var band = 0; band < db.Rows; band++)
        {
            var row = db.Row(band);
            for (var frame = 0; frame < db.Cols; frame++)
            {
                values[(frame * db.Rows) + band] = row[frame];
            }
        }

        return new Spectrogram(values, db.Cols, db.Rows, (double)length / audio.SampleRate, BandCentres(melOptions));
    }

    /// <summary>Centre frequency of each mel band: n + 2 points evenly spaced in mel from fmin to fmax, the inner n.</summary>
    private static double[] BandCentres(MelOptions mel)
    {
        var low = MelConversions.HzToMel(mel.FMin, mel.Scale);
        var high = MelConversions.HzToMel(mel.EffectiveFMax, mel.Scale);
        return [.. Enumerable.Range(1, mel.NMels).Select(i => MelConversions.MelToHz(low + ((high - low) * i / (mel.NMels + 1)), mel.Scale))];
    }
}
