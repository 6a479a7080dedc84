using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using Timbre.Core.Audio;
using Timbre.Data.Loaders;
using Timbre.Dsp.Summary;
using Timbre.Inference.Features;

namespace Timbre.Data.Features;

/// <summary>
/// A memory-mapped, read-only feature cache (layout in <see cref="FeatureCacheFormat"/>): every clip's representation
/// (rows × cols, float32 or float16), with each clip's track and label. <see cref="Open"/> verifies magic, format,
/// features version, sizes, the XxHash64 checksum of the whole file and (when given) the key, so a corrupt, truncated
/// or stale cache is never used. Reading clips is thread-safe; dispose to unmap.
/// </summary>
public sealed unsafe class FeatureCache : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly CachedClip[] _clips;
    private bool _disposed;

    private FeatureCache(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, FeatureCacheFormat.Header header, Metadata meta)
    {
        Path = path;
        _file = file;
        _view = view;
        _base = pointer;
        Rows = header.Rows;
        Cols = header.Cols;
        Storage = header.Storage;
        Key = meta.Key;
        SpecDescription = meta.Spec;
        Labels = meta.Labels;
        Tracks = meta.Tracks;
        _clips = meta.Clips;
        Skipped = meta.Skipped;
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The key it was built for (<see cref="CacheKey"/>).</summary>
    public string Key { get; }

    /// <summary>Canonical text of the spec it was built with.</summary>
    public string SpecDescription { get; }

    /// <summary>Rows per clip.</summary>
    public int Rows { get; }

    /// <summary>Columns per clip.</summary>
    public int Cols { get; }

    /// <summary>Values per clip, <see cref="Rows"/> × <see cref="Cols"/>.</summary>
    public int ValuesPerClip => Rows * Cols;

    /// <summary>On-disk value type.</summary>
    public FeatureStorage Storage { get; }

    /// <summary>Label names, sorted ordinally; clips refer to them by index.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Tracks in corpus order (skipped ones left out).</summary>
    public IReadOnlyList<CachedTrack> Tracks { get; }

    /// <summary>Number of clips.</summary>
    public int ClipCount => _clips.Length;

    /// <summary>Every clip's track, clip number and label.</summary>
    public IReadOnlyList<CachedClip> Clips => _clips;

    /// <summary>Tracks left out while building (unreadable, too short), with reasons.</summary>
    public IReadOnlyList<SkippedItem> Skipped { get; }

    /// <summary>The stored values of clip <paramref name="index"/> (float32 caches only; zero-copy view of the mapped file).</summary>
    public ReadOnlySpan<float> Clip(int index)
    {
        CheckClip(index);
        if (Storage != FeatureStorage.Float32)
        {
            throw new InvalidOperationException("A float16 cache has no float view; use CopyClip.");
        }

        return new ReadOnlySpan<float>(_base + FeatureCacheFormat.HeaderSize + (long)index * ValuesPerClip * 4, ValuesPerClip);
    }

    /// <summary>Copies (converting from float16 if needed) clip <paramref name="index"/> into <paramref name="destination"/>.</summary>
    public void CopyClip(int index, Span<float> destination)
    {
        CheckClip(index);
        if (destination.Length < ValuesPerClip)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values, a clip has {ValuesPerClip}.", nameof(destination));
        }

        if (Storage == FeatureStorage.Float32)
        {
            Clip(index).CopyTo(destination);
            return;
        }

        var half = new ReadOnlySpan<Half>(_base + FeatureCacheFormat.HeaderSize + (long)index * ValuesPerClip * 2, ValuesPerClip);
        for (int i = 0; i < half.Length; i++)
        {
            destination[i] = (float)half[i];
        }
    }

    /// <summary>Copies the clips <paramref name="indices"/> one after another into <paramref name="destination"/> (a batch).</summary>
    public void CopyBatch(ReadOnlySpan<int> indices, Span<float> destination)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            CopyClip(indices[i], destination.Slice(i * ValuesPerClip, ValuesPerClip));
        }
    }

    /// <summary>Opens and verifies <paramref name="path"/>; with <paramref name="expectedKey"/>, also requires that key.</summary>
    /// <exception cref="FeatureCacheException">Missing, corrupt, truncated, other format/version, or another key.</exception>
    public static FeatureCache Open(string path, string? expectedKey = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FeatureCacheException(full, "no cache file");
        }

        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        byte* pointer = null;
        try
        {
            long length = new FileInfo(full).Length;
            if (length < FeatureCacheFormat.HeaderSize)
            {
                throw new FeatureCacheException(full, $"file is {length} bytes, shorter than the header (truncated)");
            }

            using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
            {
                file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            }

            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var all = new ReadOnlySpan<byte>(pointer, checked((int)Math.Min(length, int.MaxValue)));
            FeatureCacheFormat.Header header = FeatureCacheFormat.ReadHeader(all[..FeatureCacheFormat.HeaderSize], length, out string reason)
                ?? throw new FeatureCacheException(full, reason);
            if (header.FeaturesVersion != FeaturesVersion.Current)
            {
                throw new FeatureCacheException(full, $"built with features version {header.FeaturesVersion}, current is {FeaturesVersion.Current}");
            }

            if (Checksum(pointer, length) != header.Checksum)
            {
                throw new FeatureCacheException(full, "checksum mismatch (corrupt)");
            }

            Metadata meta = ReadMetadata(new ReadOnlySpan<byte>(pointer + header.MetadataOffset, checked((int)header.MetadataLength)), header, full);
            if (expectedKey is not null && !string.Equals(meta.Key, expectedKey, StringComparison.Ordinal))
            {
                throw new FeatureCacheException(full, "built for other parameters or another corpus (key mismatch)");
            }

            var cache = new FeatureCache(full, file, view, pointer, header, meta);
            return cache;
        }
        catch
        {
            if (pointer != null)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    /// <summary>Builds the cache file at <paramref name="path"/> (replacing any file there atomically).</summary>
    /// <param name="path">Cache file to write.</param>
    /// <param name="items">Corpus items, in the order clips are to be stored.</param>
    /// <param name="spec">The representation.</param>
    /// <param name="decoder">Audio decoder (each track is decoded once).</param>
    /// <param name="progress">Progress per finished track.</param>
    /// <param name="cancellationToken">Cancels the build (the partial temporary file is removed).</param>
    public static void Build(
        string path, IReadOnlyList<CorpusItem> items, FeatureExtractorSpec spec, IAudioDecoder decoder,
        IProgress<FeatureCacheProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(decoder);
        spec.Validate();
        FeatureCacheBuilder.Build(path, items, spec, decoder, progress, cancellationToken);
    }

    /// <summary>
    /// Opens the cache at <paramref name="path"/> if it is intact and has the key of <paramref name="spec"/> over
    /// <paramref name="items"/>; otherwise (missing, corrupt, truncated, stale) rebuilds it and opens the new file.
    /// </summary>
    public static FeatureCacheResult GetOrBuild(
        string path, IReadOnlyList<CorpusItem> items, FeatureExtractorSpec spec, IAudioDecoder decoder,
        IProgress<FeatureCacheProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string key = CacheKey.Compute(spec.Validate(), items);
        string reason;
        try
        {
            return new FeatureCacheResult(Open(path, key), false, null, TimeSpan.Zero);
        }
        catch (FeatureCacheException e)
        {
            reason = e.Reason;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Build(path, items, spec, decoder, progress, cancellationToken);
        return new FeatureCacheResult(Open(path, key), true, reason, clock.Elapsed);
    }

    /// <summary>The default cache file for <paramref name="spec"/> under <paramref name="directory"/>: kind plus 16 key characters.</summary>
    public static string DefaultPath(string directory, FeatureExtractorSpec spec, IReadOnlyList<CorpusItem> items)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return System.IO.Path.Combine(directory, $"{spec.Kind.ToString().ToLowerInvariant()}-{CacheKey.Compute(spec, items)[..16]}.tfc");
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private void CheckClip(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _clips.Length);
    }

    private static ulong Checksum(byte* pointer, long length)
    {
        var header = new XxHash64();
        header.Append(new ReadOnlySpan<byte>(pointer, 56));
        var body = new XxHash64();
        for (long offset = FeatureCacheFormat.HeaderSize; offset < length; offset += 1 << 30)
        {
            body.Append(new ReadOnlySpan<byte>(pointer + offset, (int)Math.Min(1 << 30, length - offset)));
        }

        return FeatureCacheBuilder.Combine(header.GetCurrentHashAsUInt64(), body.GetCurrentHashAsUInt64());
    }

    private sealed record Metadata(string Key, string Spec, string[] Labels, CachedTrack[] Tracks, CachedClip[] Clips, SkippedItem[] Skipped);

    private static Metadata ReadMetadata(ReadOnlySpan<byte> span, FeatureCacheFormat.Header header, string path)
    {
        try
        {
            string key = FeatureCacheFormat.ReadString(ref span);
            string spec = FeatureCacheFormat.ReadString(ref span);
            var labels = new string[FeatureCacheFormat.ReadInt32(ref span)];
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = FeatureCacheFormat.ReadString(ref span);
            }

            var tracks = new CachedTrack[header.TrackCount];
            for (int i = 0; i < tracks.Length; i++)
            {
                tracks[i] = new CachedTrack(
                    FeatureCacheFormat.ReadString(ref span), FeatureCacheFormat.ReadString(ref span), FeatureCacheFormat.ReadInt32(ref span),
                    FeatureCacheFormat.ReadInt64(ref span), FeatureCacheFormat.ReadInt32(ref span));
            }

            var clips = new CachedClip[checked((int)header.ClipCount)];
            for (int i = 0; i < clips.Length; i++)
            {
                clips[i] = new CachedClip(FeatureCacheFormat.ReadInt32(ref span), FeatureCacheFormat.ReadInt32(ref span), FeatureCacheFormat.ReadInt32(ref span));
                if ((uint)clips[i].TrackIndex >= (uint)tracks.Length || (uint)clips[i].LabelIndex >= (uint)labels.Length)
                {
                    throw new InvalidDataException("clip index out of range");
                }
            }

            var skipped = new SkippedItem[FeatureCacheFormat.ReadInt32(ref span)];
            for (int i = 0; i < skipped.Length; i++)
            {
                skipped[i] = new SkippedItem(FeatureCacheFormat.ReadString(ref span), FeatureCacheFormat.ReadString(ref span));
            }

            return new Metadata(key, spec, labels, tracks, clips, skipped);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            throw new FeatureCacheException(path, $"metadata unreadable: {e.Message}", e);
        }
    }
}
