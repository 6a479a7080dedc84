using System.IO.Hashing;
using System.Runtime.InteropServices;
using Timbre.Audio.Slicing;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Data.Loaders;
using Timbre.Dsp.Summary;
using Timbre.Inference.Features;

namespace Timbre.Data.Features;

/// <summary>
/// Writes a feature cache: decodes each track once, cuts it where serving cuts it
/// (<see cref="FeatureExtractorSpec.PlanClips"/>, trailing partial clip dropped), computes every clip's representation
/// in parallel and streams the values in track order into a temporary file that is renamed into place at the end. Unreadable tracks and tracks shorter than one clip are recorded as
/// skipped, never fatal.
/// </summary>
internal static class FeatureCacheBuilder
{
    public static void Build(
        string path, IReadOnlyList<CorpusItem> items, FeatureExtractorSpec spec, IAudioDecoder decoder,
        IProgress<FeatureCacheProgress>? progress, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(spec);
        string key = CacheKey.Compute(spec, items);
        var labels = items.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var tracks = new List<CachedTrack>();
        var clips = new List<CachedClip>();
        var skipped = new List<SkippedItem>();
        var hash = new XxHash64();
        int perValue = FeatureCacheFormat.BytesPerValue(spec.Storage);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                stream.Write(new byte[FeatureCacheFormat.HeaderSize]);
                int batch = Math.Max(4, 2 * Environment.ProcessorCount);
                int done = 0;
                for (int start = 0; start < items.Count; start += batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = Math.Min(batch, items.Count - start);
                    TrackWork[] work = ComputeBatch(items, start, count, spec, extractor, decoder, cancellationToken);
                    foreach (TrackWork w in work)
                    {
                        done++;
                        if (w.Error is not null)
                        {
                            skipped.Add(new SkippedItem(w.Item.Path, w.Error));
                        }
                        else
                        {
                            int trackIndex = tracks.Count;
                            int label = labelIndex[w.Item.Label];
                            tracks.Add(new CachedTrack(w.Item.Path, w.Item.TrackId, label, clips.Count, w.Values!.Length));
                            for (int c = 0; c < w.Values.Length; c++)
                            {
                                clips.Add(new CachedClip(trackIndex, c, label));
                                WriteValues(stream, hash, w.Values[c], spec.Storage);
                            }
                        }

                        progress?.Report(new FeatureCacheProgress(done, items.Count, clips.Count, w.Item.Path));
                    }
                }

                long metadataOffset = stream.Position;
                byte[] metadata = Metadata(key, spec, labels, tracks, clips, skipped);
                hash.Append(metadata);
                stream.Write(metadata);
                var header = new FeatureCacheFormat.Header(
                    FeaturesVersion.Current, spec.Storage, spec.Rows, spec.Cols, tracks.Count, clips.Count,
                    metadataOffset, metadata.Length, 0);
                if (metadataOffset != FeatureCacheFormat.HeaderSize + (long)clips.Count * spec.Rows * spec.Cols * perValue)
                {
                    throw new InvalidOperationException("Feature cache data length does not match its clip count.");
                }

                var headerBytes = new byte[FeatureCacheFormat.HeaderSize];
                FeatureCacheFormat.WriteHeader(headerBytes, header);
                var fullHash = new XxHash64();
                fullHash.Append(headerBytes.AsSpan(0, 56));
                ulong checksum = Combine(fullHash.GetCurrentHashAsUInt64(), hash.GetCurrentHashAsUInt64());
                FeatureCacheFormat.WriteHeader(headerBytes, header with { Checksum = checksum });
                stream.Position = 0;
                stream.Write(headerBytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The stored checksum: hash of the header's first 56 bytes combined with the hash of data + metadata.</summary>
    internal static ulong Combine(ulong headerHash, ulong bodyHash) => headerHash ^ (bodyHash * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);

    private sealed record TrackWork(CorpusItem Item, float[][]? Values, string? Error);

    private static TrackWork[] ComputeBatch(
        IReadOnlyList<CorpusItem> items, int start, int count, FeatureExtractorSpec spec,
        FeatureExtractor extractor, IAudioDecoder decoder, CancellationToken cancellationToken)
    {
        var buffers = new AudioBuffer?[count];
        var ranges = new IReadOnlyList<ClipRange>?[count];
        var errors = new string?[count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, count, parallel, i =>
        {
            CorpusItem item = items[start + i];
            try
            {
                AudioBuffer buffer = decoder.Decode(item.Path, spec.SampleRate, cancellationToken);
                IReadOnlyList<ClipRange> plan = spec.PlanClips(buffer.Samples.Length);
                if (plan.Count == 0)
                {
                    errors[i] = $"too short for one {spec.ClipSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "whole-track"}-s clip ({buffer.DurationSeconds:0.###} s)";
                    return;
                }

                buffers[i] = buffer;
                ranges[i] = plan;
            }
            catch (TimbreException e)
            {
                errors[i] = e is AudioDecodingException d ? d.Reason : e.Message;
            }
        });

        var jobs = new List<(int Track, int Clip)>();
        var values = new float[count][][];
        for (int i = 0; i < count; i++)
        {
            values[i] = new float[ranges[i]?.Count ?? 0][];
            for (int c = 0; c < values[i].Length; c++)
            {
                jobs.Add((i, c));
            }
        }

        Parallel.For(0, jobs.Count, parallel, j =>
        {
            (int t, int c) = jobs[j];
            values[t][c] = new float[extractor.ValuesPerClip];
            extractor.Compute(buffers[t]!.Samples, ranges[t]![c], values[t][c]);
        });

        return Enumerable.Range(0, count)
            .Select(i => new TrackWork(items[start + i], errors[i] is null ? values[i] : null, errors[i]))
            .ToArray();
    }

    private static void WriteValues(Stream stream, XxHash64 hash, float[] values, FeatureStorage storage)
    {
        ReadOnlySpan<byte> bytes;
        if (storage == FeatureStorage.Float16)
        {
            var half = new Half[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                half[i] = (Half)values[i];
            }

            bytes = MemoryMarshal.AsBytes(half.AsSpan());
        }
        else
        {
            bytes = MemoryMarshal.AsBytes(values.AsSpan());
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Feature caches are written on little-endian machines only.");
        }

        hash.Append(bytes);
        stream.Write(bytes);
    }

    private static byte[] Metadata(
        string key, FeatureExtractorSpec spec, List<string> labels, List<CachedTrack> tracks, List<CachedClip> clips, List<SkippedItem> skipped)
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory))
        {
            FeatureCacheFormat.WriteString(w, key);
            FeatureCacheFormat.WriteString(w, spec.Describe());
            w.Write(labels.Count);
            labels.ForEach(l => FeatureCacheFormat.WriteString(w, l));
            foreach (CachedTrack t in tracks)
            {
                FeatureCacheFormat.WriteString(w, t.Path);
                FeatureCacheFormat.WriteString(w, t.TrackId);
                w.Write(t.LabelIndex);
                w.Write(t.FirstClip);
                w.Write(t.ClipCount);
            }

            foreach (CachedClip c in clips)
            {
                w.Write(c.TrackIndex);
                w.Write(c.ClipIndex);
                w.Write(c.LabelIndex);
            }

            w.Write(skipped.Count);
            foreach (SkippedItem s in skipped)
            {
                FeatureCacheFormat.WriteString(w, s.Path);
                FeatureCacheFormat.WriteString(w, s.Reason);
            }
        }

        return memory.ToArray();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
