using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;
using Timbre.Cluster.Membership;
using Timbre.Cluster.Scanning;

namespace Timbre.Cluster.Hosting;

/// <summary>Builds real silos and clients: membership in PostgreSQL, Timbre's services on the silo.</summary>
public static class ClusterHosting
{
    /// <summary>A silo host (not started): <c>host.RunAsync()</c> runs it until Ctrl-C or SIGTERM, then leaves the cluster gracefully.</summary>
    public static IHost BuildSilo(ClusterSettings settings, ScanAgentOptions? agent = null, LogLevel logLevel = LogLevel.Warning)
    {
        settings.Validate();
        ClusterThreads.EnsureFloor();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
        if (logLevel > LogLevel.Information)
        {
            // Its only warnings at start are advice to turn on server GC, which the CLI leaves off on purpose.
            builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = "timbre";
            });
            if (settings.Advertise is { } address)
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }

            var db = new ClusterDatabase(settings.Database, settings.ClusterId);
            silo.Services.AddSingleton(db);
            silo.Services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
            silo.AddTimbre(agent);
        });
        return builder.Build();
    }

    /// <summary>
    /// A started cluster client; dispose it to disconnect. It leaves the thread pool's floor alone (a web server's
    /// calls to the shards are awaited); a process that blocks on them raises it (<see cref="ClusterThreads"/>).
    /// </summary>
    public static async Task<IHost> StartClientAsync(ClusterSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Database);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = "timbre";
            });
            client.Services.AddSingleton(new ClusterDatabase(settings.Database, settings.ClusterId));
            client.Services.AddSingleton<IGatewayListProvider, PostgresGatewayList>();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
