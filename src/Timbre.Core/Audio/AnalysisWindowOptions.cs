using Timbre.Core.Errors;

namespace Timbre.Core.Audio;

/// <summary>
/// How much of a track one analysis reads: the whole track up to <see cref="MaxSeconds"/>; a longer one as
/// <see cref="Excerpts"/> evenly spaced excerpts that sum to <see cref="MaxSeconds"/>. Decoders read only these
/// seconds and never return more than <see cref="MaxSamples"/> samples, whatever the file claims about its length.
/// </summary>
public sealed record AnalysisWindowOptions
{
    /// <summary>Shortest excerpt: more excerpts than <see cref="MaxSeconds"/> / this are merged into fewer.</summary>
    public const double MinExcerptSeconds = 5;

    /// <summary>Most seconds analysed per track, 1 … 86 400. Default 600 (10 minutes).</summary>
    public double MaxSeconds
    {
        get;
        init => field = value is >= 1 and <= 86_400
            ? value
            : throw new InvalidOptionsException($"Analysis window must be 1–86400 seconds, got {value}.");
    } = 600;

    /// <summary>Excerpts a track longer than <see cref="MaxSeconds"/> is analysed on, 1 … 1000. Default 5.</summary>
    public int Excerpts
    {
        get;
        init => field = value is >= 1 and <= 1000
            ? value
            : throw new InvalidOptionsException($"Analysis excerpts must be 1–1000, got {value}.");
    } = 5;

    /// <summary>
    /// Read one span from the start instead of excerpts, whatever the track's length (previews such as the
    /// spectrogram image). Default false.
    /// </summary>
    public bool FromStart { get; init; }

    /// <summary>The defaults: whole tracks up to 10 minutes, longer ones as 5 excerpts of 2 minutes.</summary>
    public static AnalysisWindowOptions Default { get; } = new();

    /// <summary>Most mono samples one window holds at <paramref name="sampleRate"/>.</summary>
    public int MaxSamples(int sampleRate) => (int)Math.Min(Math.Ceiling(MaxSeconds * sampleRate), Array.MaxLength);

    /// <summary>
    /// The (start, length) spans, in seconds, to read from a track said to last <paramref name="durationSeconds"/>
    /// (0 or less: unknown). With <see cref="FromStart"/>, or up to <see cref="MaxSeconds"/> or unknown: one span from the start (the sample cap still
    /// holds if the claim is false). Longer: <see cref="Excerpts"/> spans centred on equal parts of the track.
    /// </summary>
    public IReadOnlyList<(double Start, double Length)> Plan(double durationSeconds)
    {
        if (FromStart || !(durationSeconds > MaxSeconds) || double.IsInfinity(durationSeconds))
        {
            return [(0, MaxSeconds)];
        }

        int count = Math.Max(1, Math.Min(Excerpts, (int)(MaxSeconds / MinExcerptSeconds)));
        double length = MaxSeconds / count;
        double part = durationSeconds / count;
        var spans = new (double, double)[count];
        for (int i = 0; i < count; i++)
        {
            spans[i] = (Math.Max(0, ((i + 0.5) * part) - (length / 2)), length);
        }

        return spans;
    }

    /// <summary>Cuts the window out of already decoded audio (for decoders that cannot seek).</summary>
    public AudioBuffer Cut(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        int cap = MaxSamples(audio.SampleRate);
        if (audio.Samples.Length <= cap)
        {
            return audio;
        }

        var samples = new float[cap];
        int filled = 0;
        foreach (var (start, length) in Plan(audio.DurationSeconds))
        {
            int from = (int)Math.Min((long)(start * audio.SampleRate), audio.Samples.Length);
            int count = (int)Math.Min(Math.Min((long)Math.Round(length * audio.SampleRate), audio.Samples.Length - from), cap - filled);
            audio.Samples.AsSpan(from, count).CopyTo(samples.AsSpan(filled));
            filled += count;
        }

        return new AudioBuffer(filled == cap ? samples : samples[..filled], audio.SampleRate);
    }
}
