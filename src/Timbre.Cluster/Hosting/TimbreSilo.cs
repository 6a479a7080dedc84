using Microsoft.Extensions.DependencyInjection;
using Timbre.App.Analysis;
using Timbre.Audio;
using Timbre.Cluster.Scanning;
using Timbre.Cluster.Search;

namespace Timbre.Cluster.Hosting;

/// <summary>What every Timbre silo runs, whatever its clustering: the scan agent, the shard loader and the shards' placement.</summary>
public static class TimbreSilo
{
    /// <summary>Adds Timbre's services to a silo (the grains are found by Orleans in this assembly).</summary>
    /// <param name="builder">The silo being built.</param>
    /// <param name="agent">The scan agent's settings (default <see cref="ScanAgentOptions"/>).</param>
    /// <param name="runner">Scans one batch (default: <see cref="LibraryScanBatchRunner"/> with the built-in analyzers and model packages).</param>
    public static ISiloBuilder AddTimbre(this ISiloBuilder builder, ScanAgentOptions? agent = null, IScanBatchRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton((agent ?? new ScanAgentOptions()).Validate());
        services.AddSingleton(runner ?? new LibraryScanBatchRunner(new AnalyzerResolver(new InferencePackageLoader()), AudioDecoders.CreateDefault()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ShardRows>();
        services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
        services.AddSingleton<ScanAgent>();
        services.AddHostedService(sp => sp.GetRequiredService<ScanAgent>());
        return builder;
    }
}
