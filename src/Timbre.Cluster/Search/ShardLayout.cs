namespace Timbre.Cluster.Search;

/// <summary>
/// Which silo holds each shard, computed the same way by every silo from the set of active silos: shards are taken in
/// order and each goes to the silo of highest rendezvous weight (a hash of the index, the shard and the silo) that
/// holds fewer than ⌈shards / silos⌉. Balanced to within one shard; a silo that joins or leaves moves few shards
/// (those whose best silo changed, plus the ones its arrival or departure pushes over the bound).
/// </summary>
public static class ShardLayout
{
    /// <summary>The silo of shard <paramref name="shard"/> of the index named <paramref name="index"/>, among <paramref name="silos"/> (by their string form).</summary>
    public static int Place(string index, int shard, int count, IReadOnlyList<string> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, count);
        var bound = (count + silos.Count - 1) / silos.Count;
        var load = new int[silos.Count];
        for (var s = 0; ; s++)
        {
            var best = -1;
            var bestWeight = 0UL;
            for (var i = 0; i < silos.Count; i++)
            {
                var weight = Weight(index, s, silos[i]);
                if (load[i] < bound && (best < 0 || weight > bestWeight))
                {
                    (best, bestWeight) = (i, weight);
                }
            }

            if (s == shard)
            {
                return best;
            }

            load[best]++;
        }
    }

    /// <summary>Splits a shard grain key (<see cref="ShardSpec.GrainKey"/>) into the index name, the shard and the count.</summary>
    public static (string Index, int Shard, int Count) ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        var of = key.LastIndexOf("of", StringComparison.Ordinal);
        if (slash < 0 || of < slash
            || !int.TryParse(key.AsSpan(slash + 1, of - slash - 1), System.Globalization.CultureInfo.InvariantCulture, out var shard)
            || !int.TryParse(key.AsSpan(of + 2), System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            throw new ArgumentException($"Not a shard key: '{key}'.", nameof(key));
        }

        return (key[..slash], shard, count);
    }

    /// <summary>A stable 64-bit weight (FNV-1a over the UTF-8 text, then the SplitMix64 finaliser); string.GetHashCode differs per process.</summary>
    private static ulong Weight(string index, int shard, string silo)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes($"{index}\n{shard}\n{silo}"))
        {
            h = unchecked((h ^ b) * 0x100000001B3UL);
        }

        h = unchecked((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL);
        h = unchecked((h ^ (h >> 27)) * 0x94D049BB133111EBUL);
        return h ^ (h >> 31);
    }
}
