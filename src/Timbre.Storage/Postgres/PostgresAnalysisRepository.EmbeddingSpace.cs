using System.Text.Json;
using Timbre.Core.Catalog;
using static Timbre.Storage.Sqlite.SqliteValues;

namespace Timbre.Storage.Postgres;

/// <summary>The catalog's embedding space (one row, its definition as JSON, as in the SQLite store).</summary>
internal sealed partial class PostgresAnalysisRepository
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
                ?? throw new CatalogException($"Corrupt catalog {_catalog.Description}: empty embedding space definition.");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"Corrupt catalog {_catalog.Description}: unreadable embedding space definition ({e.Message}); refit it with 'timbre catalog space fit'.", e);
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

        using var cmd = _catalog.Command(CatalogSql.UpsertEmbeddingSpace)
            .With("definition", JsonSerializer.Serialize(space, SpaceJson)).With("fittedOn", (long)space.FittedOn).With("fittedAt", ToUnixMs(space.FittedAt));
        cmd.ExecuteNonQuery();
    }
}
