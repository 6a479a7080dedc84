using System.Text.Json;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Sqlite;

/// <summary>The catalog's embedding space (one row, its definition as JSON).</summary>
internal sealed partial class SqliteAnalysisRepository
{
    private static readonly JsonSerializerOptions SpaceJson = new() { WriteIndented = false };

    /// <inheritdoc />
    public EmbeddingSpaceRecord? FindEmbeddingSpace()
    {
        using var cmd = _catalog.Command(CatalogSql.SelectEmbeddingSpace);
        if (cmd.ExecuteScalar() is not string json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EmbeddingSpaceRecord>(json, SpaceJson)
                ?? throw new CatalogException($"Corrupt catalog {_catalog.Path}: empty embedding space definition.");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"Corrupt catalog {_catalog.Path}: unreadable embedding space definition ({e.Message}); refit it with 'timbre catalog space fit'.", e);
        }
    }

    /// <inheritdoc />
    public void SaveEmbeddingSpace(EmbeddingSpaceRecord? space)
    {
        if (space is null)
        {
            using var delete = _catalog.Command(CatalogSql.DeleteEmbeddingSpace);
            delete.ExecuteNonQuery();
            return;
        }

        using var cmd = _catalog.Command(CatalogSql.UpsertEmbeddingSpace);
        cmd.Parameters.AddWithValue("@definition", JsonSerializer.Serialize(space, SpaceJson));
        cmd.Parameters.AddWithValue("@fittedOn", space.FittedOn);
        cmd.Parameters.AddWithValue("@fittedAt", ToUnixMs(space.FittedAt));
        cmd.ExecuteNonQuery();
    }
}
