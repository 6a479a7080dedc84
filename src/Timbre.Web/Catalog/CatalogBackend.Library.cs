using Timbre.Core.Catalog;
using Timbre.Dsp;
using Timbre.Web.Backend;

namespace Timbre.Web.Catalog;

/// <summary>Library browsing: list, details, audio file, spectrogram.</summary>
public sealed partial class CatalogBackend
{
    /// <inheritdoc />
    /// <remarks>
    /// A search or genre filter reads the whole catalog (substring match, predicted genre), so only one runs at a time:
    /// another waits up to <see cref="CatalogBackendOptions.CatalogScanWait"/> and is then refused
    /// (<see cref="CatalogBusyException"/>, 503) instead of tying up readers and threads the other pages need.
    /// </remarks>
    public LibraryPage ListTracks(LibraryQuery query)
    {
        if (string.IsNullOrWhiteSpace(query.Search) && query.Genre is null)
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

        if (query.Genre is null)
        {
            var page = Read(s => s.ListTracks(baseQuery with { Offset = (query.Page - 1) * query.PageSize, Limit = query.PageSize }));
            return new LibraryPage(page.Items.Select(t => Summary(t, snapshot)).ToList(), page.Total, query.Page, query.PageSize);
        }

        // Filter by the model's predicted genre: walk the filtered, sorted list and keep the matching tracks.
        var skip = (query.Page - 1) * query.PageSize;
        var items = new List<TrackSummary>();
        long total = 0;
        for (var offset = 0; ; offset += TrackQuery.MaxLimit)
        {
            var page = Read(s => s.ListTracks(baseQuery with { Offset = offset, Limit = TrackQuery.MaxLimit }));
            foreach (var t in page.Items)
            {
                if (!string.Equals(snapshot?.PredictedGenre(t.Id), query.Genre, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (total >= skip && items.Count < query.PageSize)
                {
                    items.Add(Summary(t, snapshot));
                }

                total++;
            }

            if (page.Items.Count < TrackQuery.MaxLimit)
            {
                break;
            }
        }

        return new LibraryPage(items, total, query.Page, query.PageSize);
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
