using System.Text.Json;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Sqlite;

/// <summary>The catalog's embedding space (one row, its definition as JSON).</summary>
public sealed partial class SqliteCatalogStore
{
    private static readonly JsonSerializerOptions SpaceJson = new() { WriteIndented = false };

    /// <inheritdoc />
    public EmbeddingSpaceRecord? FindEmbeddingSpace()
    {
        using var cmd = Command("SELECT definition FROM embedding_space WHERE id = 1");
        if (cmd.ExecuteScalar() is not string json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EmbeddingSpaceRecord>(json, SpaceJson)
                ?? throw new CatalogException($"Corrupt catalog {Path}: empty embedding space definition.");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"Corrupt catalog {Path}: unreadable embedding space definition ({e.Message}); refit it with 'timbre catalog space fit'.", e);
        }
    }

    /// <inheritdoc />
    public void SaveEmbeddingSpace(EmbeddingSpaceRecord? space)
    {
        if (space is null)
        {
            using var delete = Command("DELETE FROM embedding_space");
            delete.ExecuteNonQuery();
            return;
        }

        using var cmd = Command("""
            INSERT INTO embedding_space (id, definition, fitted_on, fitted_at) VALUES (1, $d, $n, $t)
            ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, fitted_on = excluded.fitted_on, fitted_at = excluded.fitted_at
            """);
        cmd.Parameters.AddWithValue("$d", JsonSerializer.Serialize(space, SpaceJson));
        cmd.Parameters.AddWithValue("$n", space.FittedOn);
        cmd.Parameters.AddWithValue("$t", ToUnixMs(space.FittedAt));
        cmd.ExecuteNonQuery();
    }
}
