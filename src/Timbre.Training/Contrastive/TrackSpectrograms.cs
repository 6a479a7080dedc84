using Timbre.Core.Analysis;
using Timbre.Core.Audio;
using Timbre.Core.Errors;
using Timbre.Inference;
using Timbre.Inference.Features;

namespace Timbre.Training.Contrastive;

/// <summary>Progress of decoding a library once: tracks done, total, the last file and whether it failed.</summary>
public readonly record struct DecodeProgress(int Done, int Total, string LastPath, bool Failed);

/// <summary>
/// Every track of a library decoded once and kept as its model-ready log-mel (the package's representation: 3-s clips
/// cut as inference cuts them, each turned into decibels and pooled exactly as <see cref="PackagedModel"/> does, laid
/// end to end), stored in float16 as rows (bands) × frames per track. At most <c>maxSeconds</c> of each track is read
/// (evenly spaced excerpts of longer ones), so memory is bounded: 64 bands × 21.5 frames/s × 2 bytes ≈ 2.8 KB per
/// second of audio, ≈ 0.66 MB for 4 minutes. Crops are then cut from memory, never from the files.
/// </summary>
public sealed class TrackSpectrograms
{
    private const string CacheMagic = "timbre-track-spectrograms-1";
    private readonly Half[][] _values;

    private TrackSpectrograms(Representation representation, IReadOnlyList<string> paths, Half[][] values, IReadOnlyList<(string Path, string Reason)> skipped)
    {
        Representation = representation;
        Paths = paths;
        _values = values;
        Skipped = skipped;
    }

    /// <summary>The representation every track was computed in.</summary>
    public Representation Representation { get; }

    /// <summary>Bands per frame (the model sample's rows).</summary>
    public int Rows => Representation.SampleRows;

    /// <summary>Frames of one model sample (a clip).</summary>
    public int ClipFrames => Representation.SampleCols;

    /// <summary>The files kept, in track order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Files that could not be decoded, with the reason.</summary>
    public IReadOnlyList<(string Path, string Reason)> Skipped { get; }

    /// <summary>Tracks kept.</summary>
    public int Count => _values.Length;

    /// <summary>Bytes held by the spectrograms.</summary>
    public long Bytes => _values.Sum(v => (long)v.Length) * 2;

    /// <summary>Frames stored for track <paramref name="track"/> (a multiple of <see cref="ClipFrames"/>).</summary>
    public int Frames(int track) => _values[track].Length / Rows;

    /// <summary>The stored decibel value of <paramref name="track"/> at band <paramref name="row"/>, frame <paramref name="frame"/>.</summary>
    public float At(int track, int row, int frame) => (float)_values[track][(row * Frames(track)) + frame];

    /// <summary>
    /// Decodes each of <paramref name="files"/> once (in parallel) at the representation's rate and keeps its
    /// log-mel. A file that cannot be decoded is skipped with its reason; none decodable is an error.
    /// </summary>
    /// <exception cref="TimbreException">Fewer than two tracks could be read.</exception>
    public static TrackSpectrograms Build(
        IReadOnlyList<string> files, Representation representation, IAudioDecoder decoder, double maxSeconds, int parallelism = 2,
        IProgress<DecodeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(representation);
        ArgumentNullException.ThrowIfNull(decoder);
        if (representation.WholeTrack || representation.Spec.Kind != FeatureKind.LogMel)
        {
            throw new InvalidOptionsException("Contrastive training needs a log-mel clip representation.");
        }

        var window = new AnalysisWindowOptions { MaxSeconds = maxSeconds, Excerpts = Math.Max(1, (int)(maxSeconds / 30)) };
        var extractor = new FeatureExtractor(representation.Spec);
        var values = new Half[files.Count][];
        var errors = new string?[files.Count];
        int done = 0;
        var gate = new Lock();
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, i =>
        {
            try
            {
                var audio = decoder.DecodeWindow(decoder.Probe(files[i], cancellationToken), representation.Spec.SampleRate, window, cancellationToken);
                values[i] = Compute(audio.Samples, representation, extractor);
            }
            catch (TimbreException e)
            {
                errors[i] = e.Message;
            }

            lock (gate)
            {
                done++;
                progress?.Report(new DecodeProgress(done, files.Count, files[i], errors[i] is not null));
            }
        });

        var kept = Enumerable.Range(0, files.Count).Where(i => values[i] is not null).ToArray();
        var skipped = Enumerable.Range(0, files.Count).Where(i => values[i] is null).Select(i => (files[i], errors[i] ?? "not decoded")).ToArray();
        if (kept.Length < 2)
        {
            string why = skipped.Length > 0 ? $" ({skipped[0].Item1}: {skipped[0].Item2})" : "";
            throw new TimbreException($"contrastive training needs at least 2 readable tracks; {kept.Length} of {files.Count} could be decoded{why}.");
        }

        return new TrackSpectrograms(representation, kept.Select(i => files[i]).ToArray(), kept.Select(i => values[i]).ToArray(), skipped);
    }

    /// <summary>The store of tracks already decoded (mono, at the representation's rate), named by <paramref name="names"/>.</summary>
    public static TrackSpectrograms FromSamples(IReadOnlyList<string> names, IReadOnlyList<float[]> samples, Representation representation)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(representation);
        if (names.Count != samples.Count || names.Count < 2)
        {
            throw new ArgumentException("Give at least two tracks, one name per track.", nameof(samples));
        }

        var extractor = new FeatureExtractor(representation.Spec);
        return new TrackSpectrograms(representation, names.ToArray(), samples.Select(s => Compute(s, representation, extractor)).ToArray(), []);
    }

    /// <summary>
    /// The stored form of one track's samples: the clips serving cuts (<see cref="FeatureExtractorSpec.PlanClips"/>, a
    /// track shorter than one clip zero-padded to one), each clip's decibel log-mel pooled to the model sample, laid
    /// end to end along time.
    /// </summary>
    public static Half[] Compute(ReadOnlySpan<float> samples, Representation representation, FeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(representation);
        ArgumentNullException.ThrowIfNull(extractor);
        if (samples.IsEmpty)
        {
            throw new AnalysisException("no audio samples");
        }

        var plan = representation.Spec.PlanClips(samples.Length, padShort: true);
        int rows = representation.SampleRows, cols = representation.SampleCols;
        int clips = plan.Count;

        var raw = new float[extractor.ValuesPerClip];
        var sample = new float[rows * cols];
        var track = new Half[rows * cols * clips];
        int frames = cols * clips;
        for (int c = 0; c < clips; c++)
        {
            extractor.Compute(samples, plan[c], raw);
            representation.ToSample(raw, sample);
            for (int r = 0; r < rows; r++)
            {
                for (int t = 0; t < cols; t++)
                {
                    track[(r * frames) + (c * cols) + t] = (Half)sample[(r * cols) + t];
                }
            }
        }

        return track;
    }

    /// <summary>
    /// Writes the store to <paramref name="path"/> (paths, then each track's float16 values) so a later run on the same
    /// library skips decoding; <paramref name="key"/> (representation and window) must match on <see cref="TryLoad"/>.
    /// </summary>
    public void Save(string path, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(CacheMagic);
            writer.Write(key);
            writer.Write(Count);
            for (int t = 0; t < Count; t++)
            {
                writer.Write(Paths[t]);
                writer.Write(_values[t].Length);
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values[t].AsSpan()));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads a store <see cref="Save"/> wrote, if it exists, has <paramref name="key"/> and holds exactly
    /// <paramref name="files"/>; otherwise null (decode again).
    /// </summary>
    public static TrackSpectrograms? TryLoad(string path, string key, IReadOnlyList<string> files, Representation representation)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != CacheMagic || reader.ReadString() != key)
            {
                return null;
            }

            int count = reader.ReadInt32();
            var paths = new string[count];
            var values = new Half[count][];
            for (int t = 0; t < count; t++)
            {
                paths[t] = reader.ReadString();
                values[t] = new Half[reader.ReadInt32()];
                reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values[t].AsSpan()));
            }

            var wanted = new HashSet<string>(files, StringComparer.Ordinal);
            return paths.All(wanted.Contains) && paths.Length <= files.Count
                ? new TrackSpectrograms(representation, paths, values, files.Where(f => !paths.Contains(f)).Select(f => (f, "skipped when the cache was built")).ToArray())
                : null;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OverflowException or OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Per-band z-scoring statistics over every stored clip (what the package stores and inference applies).</summary>
    public Normalization FitNormalization()
    {
        var clips = new List<(int Track, int Start)>();
        for (int t = 0; t < Count; t++)
        {
            for (int start = 0; start + ClipFrames <= Frames(t); start += ClipFrames)
            {
                clips.Add((t, start));
            }
        }

        return Normalization.Fit(Rows, ClipFrames, clips.Count, (i, buffer) => CopyPlain(clips[i].Track, clips[i].Start, buffer));
    }

    /// <summary>Copies the unaugmented crop of <paramref name="track"/> starting at <paramref name="start"/> (rows × clip frames).</summary>
    public void CopyPlain(int track, int start, Span<float> crop)
    {
        int frames = Frames(track);
        var values = _values[track];
        for (int r = 0; r < Rows; r++)
        {
            for (int t = 0; t < ClipFrames; t++)
            {
                crop[(r * ClipFrames) + t] = (float)values[(r * frames) + Math.Min(frames - 1, start + t)];
            }
        }
    }
}
