using Orleans.Messaging;

namespace Timbre.Cluster.Membership;

/// <summary>The gateways a client may connect to: the active silos of the membership table.</summary>
/// <param name="db">The cluster's database.</param>
internal sealed class PostgresGatewayList(ClusterDatabase db) : IGatewayListProvider
{
    /// <inheritdoc />
    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => db.EnsureSchemaAsync();

    /// <inheritdoc />
    public Task<IList<Uri>> GetGateways() => PostgresMembershipTable.GatewaysAsync(db);
}
