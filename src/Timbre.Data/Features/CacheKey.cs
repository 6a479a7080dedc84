using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Timbre.Data.Loaders;
using Timbre.Inference.Features;

namespace Timbre.Data.Features;

/// <summary>
/// The identity of a cache: SHA-256 (hex) of the spec's canonical description (which includes
/// <see cref="Dsp.Summary.FeaturesVersion.Current"/> and every parameter) and of the corpus fingerprint (every item's
/// path, label, track id, file size and modification time, in order). Any change means a different key.
/// </summary>
public static class CacheKey
{
    /// <summary>The key of <paramref name="spec"/> over <paramref name="items"/>.</summary>
    public static string Compute(FeatureExtractorSpec spec, IReadOnlyList<CorpusItem> items)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Describe() + "\ncorpus=" + CorpusFingerprint(items);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>SHA-256 (hex) of the ordered item list with each file's size and last write time (missing files count as size −1).</summary>
    public static string CorpusFingerprint(IReadOnlyList<CorpusItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (CorpusItem item in items)
        {
            var info = new FileInfo(item.Path);
            long size = info.Exists ? info.Length : -1;
            long mtime = info.Exists ? info.LastWriteTimeUtc.Ticks : 0;
            string line = string.Create(CultureInfo.InvariantCulture, $"{item.Path}\t{item.Label}\t{item.TrackId}\t{size}\t{mtime}\n");
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
