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
    /// A genre filter (predicted genre) or a search text under 3 characters (no trigram index) reads the whole
    /// catalog, so only one such page runs at a time: another waits up to <see cref="CatalogBackendOptions.CatalogScanWait"/>
    /// and is then refused (<see cref="CatalogBusyException"/>, 503) instead of tying up readers and threads the other
    /// pages need. A longer search text is answered from the index or a short walk of the sorted list (its cost follows
    /// the page, not the catalog) and does not queue.
    /// </remarks>
    public LibraryPage ListTracks(LibraryQuery query)
    {
        if (query.Genre is null && (string.IsNullOrWhiteSpace(query.Search) || IsIndexedSearch(query.Search)))
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
        var snapshot = SnapshotOrNull();
        var baseQuery = new TrackQuery
        {
            Search = query.Search,
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
        if (query.Genre is null)
        {
            var page = Read(s => s.ListTracks(after is null
                ? baseQuery with { Offset = (query.Page - 1) * query.PageSize, Limit = query.PageSize }
                : baseQuery with { After = after, Limit = query.PageSize }));
            return new LibraryPage(Summaries(page.Items, snapshot), page.Total, query.Page, query.PageSize)
            {
                Next = page.Next is null ? null : LibraryCursor.Encode(page.Next),
                TotalIsLowerBound = page.TotalIsLowerBound,
            };
        }

        // Filter by the model's predicted genre: walk the filtered, sorted list in keyset batches from the cursor (or
        // the start, skipping earlier pages' matches) and keep the matching tracks until the page is full.
        var skip = after is null ? (query.Page - 1) * query.PageSize : 0;
        var items = new List<TrackSummary>();
        TrackCursor? next = null;
        var cursor = after;
        var seen = 0;
        do
        {
            var page = Read(s => s.ListTracks(baseQuery with { After = cursor, Limit = TrackQuery.MaxLimit }));
            foreach (var t in page.Items)
            {
                if (!string.Equals(snapshot?.PredictedGenre(t.Id), query.Genre, StringComparison.OrdinalIgnoreCase) || seen++ < skip)
                {
                    continue;
                }

                items.Add(Summary(t, snapshot));
                if (items.Count == query.PageSize)
                {
                    next = TrackCursor.Of(t, baseQuery.Sort, baseQuery.Descending);
                    break;
                }
            }

            cursor = page.Next;
        }
        while (next is null && cursor is not null);

        return new LibraryPage(items, GenreTotal(snapshot, baseQuery, query.Genre), query.Page, query.PageSize)
        {
            Next = next is null ? null : LibraryCursor.Encode(next),
        };
    }

    /// <summary>
    /// Tracks of the predicted genre matching the other filters. With the genre as the only filter, the snapshot's
    /// count of analysed tracks whose top genre it is (no catalog read); otherwise one keyset walk of the filtered list.
    /// </summary>
    private long GenreTotal(CatalogSnapshot? snapshot, TrackQuery baseQuery, string genre)
    {
        if (snapshot is null)
        {
            return 0;
        }

        if (baseQuery is { Search: null, YearFrom: null, YearTo: null, MinDurationSeconds: null, MaxDurationSeconds: null })
        {
            return GenreCounts.Of(snapshot).GetValueOrDefault(genre);
        }

        long total = 0;
        TrackCursor? cursor = null;
        do
        {
            var page = Read(s => s.ListTracks(baseQuery with { After = cursor, Limit = TrackQuery.MaxLimit }));
            total += page.Items.Count(t => string.Equals(snapshot.PredictedGenre(t.Id), genre, StringComparison.OrdinalIgnoreCase));
            cursor = page.Next;
        }
        while (cursor is not null);

        return total;
    }

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
