using Npgsql;

namespace Timbre.Cluster.Membership;

/// <summary>
/// The cluster's membership tables in the catalog's PostgreSQL database, in their own schema <c>timbre_cluster</c> (so a
/// database that silos joined first is still empty to the catalog's migrations), created when a silo or client first opens
/// them (idempotent, under an advisory lock so silos starting together do not race). One version row per cluster id
/// (Orleans' table version, bumped by every membership change) and one row per silo incarnation.
/// </summary>
internal static class MembershipSchema
{
    /// <summary>Advisory-lock key of the schema creation ("timbre-cl").</summary>
    private const long LockKey = 0x74696d6272652d63;

    private const string Create = """
        CREATE SCHEMA IF NOT EXISTS timbre_cluster;
        CREATE TABLE IF NOT EXISTS timbre_cluster.version (
            cluster_id  text PRIMARY KEY,
            version     integer NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS timbre_cluster.members (
            cluster_id     text NOT NULL REFERENCES timbre_cluster.version (cluster_id) ON DELETE CASCADE,
            silo           text NOT NULL,
            address        text NOT NULL,
            port           integer NOT NULL,
            generation     integer NOT NULL,
            silo_name      text NOT NULL,
            host_name      text NOT NULL,
            role_name      text NOT NULL,
            status         integer NOT NULL,
            proxy_port     integer NOT NULL,
            update_zone    integer NOT NULL,
            fault_zone     integer NOT NULL,
            suspect_times  text NOT NULL,
            start_time     timestamptz NOT NULL,
            i_am_alive     timestamptz NOT NULL,
            etag           integer NOT NULL,
            PRIMARY KEY (cluster_id, silo)
        );
        """;

    /// <summary>Creates the tables if they are missing.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource db, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue("k", LockKey);
            await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(Create, connection, tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
