using Orleans.TestingHost;
using Timbre.Cluster.Hosting;
using Timbre.Cluster.Scanning;

namespace Timbre.Cluster.Tests;

/// <summary>
/// Three in-process silos (Orleans TestingHost, in-memory membership) running Timbre's grains and scan agent, each
/// batch scanned by the real <see cref="LibraryScanBatchRunner"/> after <see cref="BatchDelay"/> (so a fast machine
/// cannot finish a job on one silo before the others ask for work).
/// </summary>
internal static class TestClusters
{
    /// <summary>Wait before each batch; set by the test that starts the cluster.</summary>
    public static TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public static async Task<TestCluster> StartAsync(int silos = 3)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<Configurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddTimbre(new ScanAgentOptions { IdlePoll = TimeSpan.FromMilliseconds(100) }, new DelayedRunner(BatchDelay));
    }

    private sealed class DelayedRunner(TimeSpan delay) : IScanBatchRunner
    {
        private readonly LibraryScanBatchRunner _inner = new(
            new Timbre.App.Analysis.AnalyzerResolver(null), Timbre.Audio.AudioDecoders.CreateDefault());

        public BatchResult Run(ScanLease lease, CancellationToken cancellationToken)
        {
            if (cancellationToken.WaitHandle.WaitOne(delay))
            {
                return new BatchResult { Cancelled = true };
            }

            return _inner.Run(lease, cancellationToken);
        }
    }
}
