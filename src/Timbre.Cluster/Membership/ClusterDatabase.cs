using Npgsql;
using Timbre.Storage.Postgres;

namespace Timbre.Cluster.Membership;

/// <summary>
/// The PostgreSQL database that holds the cluster's membership (the catalog's own, as a rule): one pooled data source,
/// the cluster id, and the schema created on first use.
/// </summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _ready;

    /// <summary>Opens the database named by <paramref name="address"/> (a <c>postgresql://</c> URL or an Npgsql connection string).</summary>
    /// <param name="address">The database.</param>
    /// <param name="clusterId">Silos and clients with the same id form one cluster.</param>
    public ClusterDatabase(string address, string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (!PostgresConnectionString.IsPostgres(address))
        {
            throw new ArgumentException("Cluster membership needs a PostgreSQL database (postgresql://… or a connection string).", nameof(address));
        }

        var builder = PostgresConnectionString.Parse(address);
        Describe = PostgresConnectionString.Describe(builder);
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        ClusterId = clusterId;
    }

    /// <summary>The cluster id.</summary>
    public string ClusterId { get; }

    /// <summary>The database, described without a password.</summary>
    public string Describe { get; }

    /// <summary>The pooled connections.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the membership tables once per process.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_ready)
        {
            return;
        }

        await _schema.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await MembershipSchema.EnsureAsync(DataSource, cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _schema.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _schema.Dispose();
    }
}
