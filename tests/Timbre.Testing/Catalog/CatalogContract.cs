using Timbre.Core.Catalog;

namespace Timbre.Testing.Catalog;

/// <summary>
/// Base of the catalog contract tests: what every store backend (SQLite today, PostgreSQL next) must do, written
/// against the role interfaces only. A backend runs them by deriving one sealed class per role contract and returning
/// a new, empty catalog from <see cref="OpenEmptyCatalog"/> (called once per test, with a temp folder it may use and
/// that is deleted after the catalog is disposed). Setup may use other roles than the one under test (an interaction
/// needs a track); the assertions are about one role.
/// </summary>
public abstract class CatalogContract : IDisposable
{
    /// <summary>The model id of <see cref="Analysis"/>.</summary>
    protected const string Model = "contract-model";

    /// <summary>The genre labels of <see cref="Analysis"/>.</summary>
    protected static readonly string[] Labels = ["calm", "loud", "odd"];

    /// <summary>A fixed UTC time from which test times are offset.</summary>
    protected static readonly DateTime T0 = new(2025, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private TempDir? _dir;
    private ICatalogStore? _catalog;

    /// <summary>The catalog under test, opened on first use.</summary>
    protected ICatalogStore Catalog => _catalog ??= OpenEmptyCatalog(_dir = new TempDir("timbre-contract-"));

    /// <summary>The tracks role of <see cref="Catalog"/>.</summary>
    protected ITrackRepository Tracks => Catalog;

    /// <summary>The scans role of <see cref="Catalog"/>.</summary>
    protected IScanRepository Scans => Catalog;

    /// <summary>The analyses role of <see cref="Catalog"/>.</summary>
    protected IAnalysisRepository Analyses => Catalog;

    /// <summary>The users role of <see cref="Catalog"/>.</summary>
    protected IUserRepository Users => Catalog;

    /// <summary>Disposes the catalog.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A new catalog with no rows, owned by the test (disposed after it); <paramref name="dir"/> is empty and private to it.</summary>
    protected abstract ICatalogStore OpenEmptyCatalog(TempDir dir);

    /// <summary>Disposes the catalog, then deletes its temp folder.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _catalog?.Dispose();
            _dir?.Dispose();
        }
    }

    /// <summary>Track <paramref name="i"/>: a fixed path under /music, size, mtime and tags.</summary>
    protected static TrackRecord Track(int i, string folder = "/music") => new()
    {
        Path = $"{folder}/artist{i % 3}/track{i:D3}.flac",
        SizeBytes = 1000 + i,
        ModifiedUtc = T0.AddMinutes(i),
        Title = $"Song {i}",
        Artist = $"Artist {i % 3}",
        Album = $"Album {i % 2}",
        GenreTag = i % 2 == 0 ? "jazz" : "metal",
        Year = 1990 + i,
        DurationSeconds = 100 + i,
    };

    /// <summary>An analysis whose values depend on <paramref name="seed"/>; lengths fixed per model and version.</summary>
    protected static AnalysisRecord Analysis(int seed, string model = Model, int version = 1, int dim = 4) => new()
    {
        ModelId = model,
        FeatureVersion = version,
        Embedding = Enumerable.Range(0, dim).Select(k => (seed * 10) + k + 0.125f).ToArray(),
        GenreLabels = Labels,
        GenreProbabilities = [0.5f, 0.25f + (seed * 0.001f), 0.25f],
        SummaryFeatures = [seed, -seed],
        AnalysedAt = new DateTimeOffset(T0).AddSeconds(seed),
    };

    /// <summary>Saves tracks <paramref name="first"/>..first+count-1 with analyses in one batch; returns them with ids.</summary>
    protected IReadOnlyList<TrackRecord> SaveAnalysed(int first, int count, string model = Model, int version = 1) =>
        Analyses.SaveAnalysesBatch(Enumerable.Range(first, count).Select(i => (Track(i), Analysis(i, model, version))));
}
