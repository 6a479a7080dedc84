using Npgsql;

namespace Timbre.Storage.Postgres;

/// <summary>How the PostgreSQL store binds values and recognises constraint errors (values as in the SQLite store).</summary>
internal static class PostgresValues
{
    /// <summary>SQLSTATE unique_violation.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>SQLSTATE foreign_key_violation.</summary>
    public const string ForeignKeyViolation = "23503";

    /// <summary>Whether <paramref name="e"/> is a unique or foreign key violation.</summary>
    public static bool IsConstraint(PostgresException e) => e.SqlState is UniqueViolation or ForeignKeyViolation;

    /// <summary>Adds a parameter (null becomes SQL NULL) to <paramref name="cmd"/>.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, object? value)
    {
        cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
