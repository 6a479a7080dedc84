using System.Globalization;

namespace Timbre.Cluster.Search;

/// <summary>
/// The shard activations a cluster reports (<c>IManagementGrain.GetDetailedGrainStatistics</c>), per index: an index
/// is one catalog, analysis set and shard count, so two clients naming the same set differently (a model id and
/// "the default set") hold two indexes, each with its own activations. A shard active on two silos at once is a
/// duplicate: Orleans' default grain directory can create one while a dead silo's directory entries are being
/// recovered; the next call or rebalance deactivates the one out of place.
/// </summary>
public static class ShardCensus
{
    /// <summary>One index's activations.</summary>
    /// <param name="Index">The index part of the grain key (catalog hash, set).</param>
    /// <param name="Count">Its shard count.</param>
    /// <param name="Activations">Activations seen.</param>
    /// <param name="Shards">Distinct shards active.</param>
    /// <param name="BySilo">Activations per silo, by silo name.</param>
    /// <param name="Duplicates">Shards active on more than one silo, with those silos.</param>
    public sealed record IndexCensus(string Index, int Count, int Activations, int Shards, IReadOnlyDictionary<string, int> BySilo, IReadOnlyDictionary<int, IReadOnlyList<string>> Duplicates)
    {
        /// <summary>A line for <c>timbre cluster status</c>.</summary>
        public override string ToString()
        {
            var silos = string.Join(", ", BySilo.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
            var line = string.Create(CultureInfo.InvariantCulture, $"index {Index}: {Shards} of {Count} shards active, {Activations} activations ({silos})");
            return Duplicates.Count == 0
                ? line
                : line + "; active on two silos at once: " + string.Join(", ", Duplicates.OrderBy(p => p.Key).Select(p => $"shard {p.Key} on {string.Join(" and ", p.Value)}"));
        }
    }

    /// <summary>Groups (grain key, silo) activations into indexes; keys that are not shard keys are ignored.</summary>
    public static IReadOnlyList<IndexCensus> Of(IEnumerable<(string Key, string Silo)> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var parsed = new List<(string Index, int Shard, int Count, string Silo)>();
        foreach (var (key, silo) in activations)
        {
            try
            {
                var (index, shard, count) = ShardLayout.ParseKey(key);
                parsed.Add((index, shard, count, silo));
            }
            catch (ArgumentException)
            {
            }
        }

        return [.. parsed
            .GroupBy(a => (a.Index, a.Count))
            .OrderBy(g => g.Key.Index, StringComparer.Ordinal).ThenBy(g => g.Key.Count)
            .Select(g => new IndexCensus(
                g.Key.Index,
                g.Key.Count,
                g.Count(),
                g.Select(a => a.Shard).Distinct().Count(),
                g.GroupBy(a => a.Silo).ToDictionary(s => s.Key, s => s.Count(), StringComparer.Ordinal),
                g.GroupBy(a => a.Shard).Where(s => s.Select(a => a.Silo).Distinct().Count() > 1)
                    .ToDictionary(s => s.Key, s => (IReadOnlyList<string>)[.. s.Select(a => a.Silo).Distinct().Order(StringComparer.Ordinal)])))];
    }

    /// <summary>The census of the cluster that <paramref name="grains"/> reaches (one management call to every silo).</summary>
    public static async Task<IReadOnlyList<IndexCensus>> TakeAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var stats = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics().ConfigureAwait(false);
        return Of(stats
            .Where(s => s.GrainType.Contains(nameof(IndexShard), StringComparison.Ordinal))
            .Select(s => (s.GrainId.Key.ToString()!, s.SiloAddress.ToString())));
    }
}
