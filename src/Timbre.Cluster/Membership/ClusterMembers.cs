namespace Timbre.Cluster.Membership;

/// <summary>One silo incarnation as the membership table records it.</summary>
/// <param name="Name">The silo's name.</param>
/// <param name="Host">The machine's name.</param>
/// <param name="Address">Silo-to-silo endpoint (address:port).</param>
/// <param name="GatewayPort">The client port (0: none).</param>
/// <param name="Status">Orleans' status (Active, Joining, ShuttingDown, Dead…).</param>
/// <param name="Started">When the silo started (UTC).</param>
/// <param name="LastAlive">Its last "I am alive" (UTC).</param>
public sealed record SiloMember(string Name, string Host, string Address, int GatewayPort, string Status, DateTime Started, DateTime LastAlive);

/// <summary>Reads the membership table (for <c>timbre cluster status</c>; no cluster connection needed).</summary>
public static class ClusterMembers
{
    /// <summary>Every silo incarnation of the cluster, newest first.</summary>
    public static async Task<IReadOnlyList<SiloMember>> ListAsync(ClusterDatabase db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.DataSource.CreateCommand(
            "SELECT silo_name, host_name, address, port, proxy_port, status, start_time, i_am_alive FROM timbre_cluster.members WHERE cluster_id = @c ORDER BY start_time DESC, silo");
        cmd.Parameters.AddWithValue("c", db.ClusterId);
        var members = new List<SiloMember>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(new SiloMember(
                reader.GetString(0),
                reader.GetString(1),
                $"{reader.GetString(2)}:{reader.GetInt32(3)}",
                reader.GetInt32(4),
                ((SiloStatus)reader.GetInt32(5)).ToString(),
                reader.GetDateTime(6),
                reader.GetDateTime(7)));
        }

        return members;
    }
}
