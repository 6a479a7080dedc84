using Timbre.Core.Catalog;
using Timbre.Storage.Postgres;
using Timbre.Storage.Sqlite;

namespace Timbre.Storage;

/// <summary>
/// The one way to open a catalog from the <c>--catalog</c> argument, used by every command and by <c>timbre serve</c>:
/// a PostgreSQL address (<c>postgresql://user@host:port/db</c>, <c>postgres://…</c> or an Npgsql connection string
/// <c>Host=…;Database=…</c>) opens a <see cref="PostgresCatalogStore"/>; anything else is the path of a SQLite file
/// (<see cref="SqliteCatalogStore"/>).
/// </summary>
public static class CatalogStores
{
    /// <summary>Whether <paramref name="catalog"/> is a PostgreSQL address rather than a file path.</summary>
    public static bool IsPostgres(string catalog) => PostgresConnectionString.IsPostgres(catalog);

    /// <summary>
    /// Opens the catalog. With <paramref name="create"/> (scan, synth, serve) a missing SQLite file or an empty
    /// PostgreSQL database becomes a new catalog; without it (readers: recommend, user, stats…) they are refused with
    /// a message saying to scan first.
    /// </summary>
    /// <exception cref="CatalogException">The catalog does not exist (and may not be created), cannot be reached, or is not a Timbre catalog.</exception>
    public static ICatalogStore Open(string catalog, bool create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalog);
        if (IsPostgres(catalog))
        {
            return new PostgresCatalogStore(catalog, create);
        }

        if (!create && !File.Exists(catalog))
        {
            throw new CatalogException($"Catalog {catalog} does not exist; run 'timbre scan LIBRARY --catalog {catalog}' first.");
        }

        return new SqliteCatalogStore(catalog);
    }

    /// <summary>
    /// How to name the catalog to a person: the full path of a file, or <c>postgresql://user@host:port/db</c>
    /// (never a password). An address that does not parse is named as given, less any password.
    /// </summary>
    public static string Describe(string catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!IsPostgres(catalog))
        {
            return Path.GetFullPath(catalog);
        }

        try
        {
            return PostgresConnectionString.Describe(PostgresConnectionString.Parse(catalog));
        }
        catch (CatalogException)
        {
            return "(an invalid PostgreSQL address)";
        }
    }

    /// <summary>
    /// The key ring the web servers on this catalog share (sign-in cookies issued by one are read by the others):
    /// a PostgreSQL catalog's table; null for a SQLite file, whose one server keeps its keys where ASP.NET Core puts them.
    /// </summary>
    public static ISharedKeyRing? SharedKeyRing(ICatalogStore store) => (store as PostgresCatalogStore)?.KeyRing;

    /// <summary>The open catalog's kind ("sqlite" or "postgresql"), name (as <see cref="Describe"/>) and schema version.</summary>
    public static (string Kind, string Name, int SchemaVersion) Info(ICatalogStore store) => store switch
    {
        SqliteCatalogStore s => ("sqlite", s.Path, s.SchemaVersion),
        PostgresCatalogStore p => ("postgresql", p.Description, p.SchemaVersion),
        _ => (store.GetType().Name, "", 0),
    };
}
