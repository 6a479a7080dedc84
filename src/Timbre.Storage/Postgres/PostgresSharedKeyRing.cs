using Npgsql;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>
/// The web servers' shared key ring in table <c>data_protection_keys</c> (schema step 4). Every call takes a pooled
/// connection of its own, so Data Protection may call it from any thread while the store writes elsewhere.
/// </summary>
internal sealed class PostgresSharedKeyRing(PostgresCatalog catalog) : ISharedKeyRing
{
    private const string Select = "SELECT xml FROM data_protection_keys ORDER BY id";

    private const string Insert = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at)";

    /// <inheritdoc />
    public IReadOnlyList<string> ReadElements() => Run(connection =>
    {
        using var cmd = new NpgsqlCommand(Select, connection);
        using var r = cmd.ExecuteReader();
        var elements = new List<string>();
        while (r.Read())
        {
            elements.Add(r.GetString(0));
        }

        return elements;
    });

    /// <inheritdoc />
    public void AddElement(string friendlyName, string xml)
    {
        ArgumentNullException.ThrowIfNull(friendlyName);
        ArgumentNullException.ThrowIfNull(xml);
        Run(connection =>
        {
            using var cmd = new NpgsqlCommand(Insert, connection).With("name", friendlyName).With("xml", xml).With("at", ToUnixMs(DateTimeOffset.UtcNow));
            return cmd.ExecuteNonQuery();
        });
    }

    private T Run<T>(Func<NpgsqlConnection, T> action)
    {
        try
        {
            using var connection = catalog.OpenReadConnection();
            return action(connection);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new CatalogException($"Cannot reach the key ring of catalog {catalog.Description}: {e.Message}", e);
        }
    }
}
