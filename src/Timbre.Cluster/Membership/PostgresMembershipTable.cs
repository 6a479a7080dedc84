using System.Data;
using System.Globalization;
using System.Net;
using Npgsql;

namespace Timbre.Cluster.Membership;

/// <summary>
/// Orleans' membership table in PostgreSQL (<see cref="MembershipSchema"/>). Every change is one transaction that
/// first moves the table version from the one the caller read (its etag) to the caller's new version, so two silos
/// changing membership at once cannot both win (the loser re-reads and retries, as Orleans expects); a row update
/// also checks the row's own etag. "I am alive" heartbeats touch only their row's time.
/// </summary>
/// <param name="db">The cluster's database.</param>
internal sealed class PostgresMembershipTable(ClusterDatabase db) : IMembershipTable
{
    private const string Columns = "silo, silo_name, host_name, role_name, status, proxy_port, update_zone, fault_zone, suspect_times, start_time, i_am_alive, etag";

    /// <inheritdoc />
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await db.EnsureSchemaAsync().ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            await using var cmd = db.DataSource.CreateCommand("INSERT INTO timbre_cluster.version (cluster_id, version) VALUES (@c, 0) ON CONFLICT DO NOTHING");
            cmd.Parameters.AddWithValue("c", db.ClusterId);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var cmd = db.DataSource.CreateCommand("DELETE FROM timbre_cluster.version WHERE cluster_id = @c");
        cmd.Parameters.AddWithValue("c", clusterId);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var cmd = db.DataSource.CreateCommand("DELETE FROM timbre_cluster.members WHERE cluster_id = @c AND i_am_alive < @before AND status <> @active");
        cmd.Parameters.AddWithValue("c", db.ClusterId);
        cmd.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        cmd.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    /// <inheritdoc />
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        const string insert = $"""
            INSERT INTO timbre_cluster.members (cluster_id, address, port, generation, {Columns})
            VALUES (@c, @address, @port, @generation, @silo, @silo_name, @host_name, @role_name, @status, @proxy_port, @update_zone, @fault_zone, @suspect_times, @start_time, @i_am_alive, 0)
            ON CONFLICT DO NOTHING
            """;
        return await ChangeAsync(tableVersion, entry, insert, etag: null).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        const string update = """
            UPDATE timbre_cluster.members SET silo_name = @silo_name, host_name = @host_name, role_name = @role_name,
                status = @status, proxy_port = @proxy_port, update_zone = @update_zone, fault_zone = @fault_zone,
                suspect_times = @suspect_times, start_time = @start_time, i_am_alive = @i_am_alive, etag = etag + 1
            WHERE cluster_id = @c AND silo = @silo AND etag = @etag
            """;
        return await ChangeAsync(tableVersion, entry, update, int.Parse(etag, CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        await using var cmd = db.DataSource.CreateCommand("UPDATE timbre_cluster.members SET i_am_alive = @t WHERE cluster_id = @c AND silo = @silo");
        cmd.Parameters.AddWithValue("c", db.ClusterId);
        cmd.Parameters.AddWithValue("silo", entry.SiloAddress.ToParsableString());
        cmd.Parameters.AddWithValue("t", Utc(entry.IAmAliveTime));
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Moves the table version and applies one row statement in one transaction; false when either lost a race.</summary>
    private async Task<bool> ChangeAsync(TableVersion tableVersion, MembershipEntry entry, string rowSql, int? etag)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var version = new NpgsqlCommand("UPDATE timbre_cluster.version SET version = @new, updated_at = now() WHERE cluster_id = @c AND version = @old", connection, tx))
        {
            version.Parameters.AddWithValue("c", db.ClusterId);
            version.Parameters.AddWithValue("new", tableVersion.Version);
            version.Parameters.AddWithValue("old", int.Parse(tableVersion.VersionEtag, CultureInfo.InvariantCulture));
            if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var row = new NpgsqlCommand(rowSql, connection, tx))
        {
            Bind(row, entry);
            if (etag is { } e)
            {
                row.Parameters.AddWithValue("etag", e);
            }

            if (await row.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await tx.CommitAsync().ConfigureAwait(false);
        return true;
    }

    private void Bind(NpgsqlCommand cmd, MembershipEntry e)
    {
        var p = cmd.Parameters;
        p.AddWithValue("c", db.ClusterId);
        p.AddWithValue("silo", e.SiloAddress.ToParsableString());
        p.AddWithValue("address", e.SiloAddress.Endpoint.Address.ToString());
        p.AddWithValue("port", e.SiloAddress.Endpoint.Port);
        p.AddWithValue("generation", e.SiloAddress.Generation);
        p.AddWithValue("silo_name", e.SiloName ?? "");
        p.AddWithValue("host_name", e.HostName ?? "");
        p.AddWithValue("role_name", e.RoleName ?? "");
        p.AddWithValue("status", (int)e.Status);
        p.AddWithValue("proxy_port", e.ProxyPort);
        p.AddWithValue("update_zone", e.UpdateZone);
        p.AddWithValue("fault_zone", e.FaultZone);
        p.AddWithValue("suspect_times", FormatSuspects(e.SuspectTimes));
        p.AddWithValue("start_time", Utc(e.StartTime));
        p.AddWithValue("i_am_alive", Utc(e.IAmAliveTime));
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead).ConfigureAwait(false);
        int version;
        await using (var v = new NpgsqlCommand("SELECT version FROM timbre_cluster.version WHERE cluster_id = @c", connection, tx))
        {
            v.Parameters.AddWithValue("c", db.ClusterId);
            version = await v.ExecuteScalarAsync().ConfigureAwait(false) is int found ? found : 0;
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        var sql = $"SELECT {Columns} FROM timbre_cluster.members WHERE cluster_id = @c" + (key is null ? "" : " AND silo = @silo");
        await using (var cmd = new NpgsqlCommand(sql, connection, tx))
        {
            cmd.Parameters.AddWithValue("c", db.ClusterId);
            if (key is not null)
            {
                cmd.Parameters.AddWithValue("silo", key.ToParsableString());
            }

            await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows.Add(Tuple.Create(Entry(reader), reader.GetInt32(11).ToString(CultureInfo.InvariantCulture)));
            }
        }

        await tx.CommitAsync().ConfigureAwait(false);
        return new MembershipTableData(rows, new TableVersion(version, version.ToString(CultureInfo.InvariantCulture)));
    }

    private static MembershipEntry Entry(NpgsqlDataReader r) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(r.GetString(0)),
        SiloName = r.GetString(1),
        HostName = r.GetString(2),
        RoleName = r.GetString(3),
        Status = (SiloStatus)r.GetInt32(4),
        ProxyPort = r.GetInt32(5),
        UpdateZone = r.GetInt32(6),
        FaultZone = r.GetInt32(7),
        SuspectTimes = ParseSuspects(r.GetString(8)),
        StartTime = r.GetDateTime(9),
        IAmAliveTime = r.GetDateTime(10),
    };

    /// <summary>Suspicions as <c>silo;ticks</c> joined by <c>|</c> (a parsable silo address holds neither).</summary>
    private static string FormatSuspects(List<Tuple<SiloAddress, DateTime>>? suspects) =>
        suspects is null ? "" : string.Join('|', suspects.Select(s => $"{s.Item1.ToParsableString()};{Utc(s.Item2).Ticks.ToString(CultureInfo.InvariantCulture)}"));

    private static List<Tuple<SiloAddress, DateTime>> ParseSuspects(string text) =>
        [.. text.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var parts = s.Split(';');
            return Tuple.Create(SiloAddress.FromParsableString(parts[0]), new DateTime(long.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeKind.Utc));
        })];

    private static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    /// <summary>The active silos' gateway addresses (for <see cref="PostgresGatewayList"/>).</summary>
    internal static async Task<IList<Uri>> GatewaysAsync(ClusterDatabase db)
    {
        await using var cmd = db.DataSource.CreateCommand("SELECT address, proxy_port, generation FROM timbre_cluster.members WHERE cluster_id = @c AND status = @active AND proxy_port > 0");
        cmd.Parameters.AddWithValue("c", db.ClusterId);
        cmd.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        var gateways = new List<Uri>();
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            gateways.Add(SiloAddress.New(new IPEndPoint(IPAddress.Parse(reader.GetString(0)), reader.GetInt32(1)), reader.GetInt32(2)).ToGatewayUri());
        }

        return gateways;
    }
}
