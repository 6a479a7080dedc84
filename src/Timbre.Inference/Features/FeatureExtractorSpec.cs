using System.Globalization;
using Timbre.Audio.Slicing;
using Timbre.Core.Errors;
using Timbre.Dsp;
using Timbre.Dsp.Summary;
using TrackSummaryExtractor = Timbre.Dsp.Summary.TrackSummary;

namespace Timbre.Inference.Features;

/// <summary>The representation computed per clip (and stored per clip by the training feature cache).</summary>
public enum FeatureKind
{
    /// <summary>Log-mel spectrogram in dB, NMels × frames.</summary>
    LogMel,

    /// <summary>MFCC matrix, NMfcc × frames.</summary>
    Mfcc,

    /// <summary>Summary statistics vector (<see cref="SummaryLayout"/>), 357 × 1.</summary>
    Summary,
}

/// <summary>How values are stored on disk.</summary>
public enum FeatureStorage
{
    /// <summary>IEEE single precision, 4 bytes per value (default).</summary>
    Float32 = 0,

    /// <summary>IEEE half precision, 2 bytes per value (≈ 3 significant digits; log-mel dB values within ±0.06 dB).</summary>
    Float16 = 1,
}

/// <summary>
/// Everything that determines a cached representation: kind, audio rate, STFT/mel/MFCC settings, clip length and hop,
/// storage type. Frames per clip follow from the clip length: <c>1 + ⌊clip samples / hop⌋</c> (centred frames).
/// Presets reproduce the seed papers' input shapes (see <see cref="Seed001LogMel"/> …). Validated by <see cref="Validate"/>.
/// </summary>
public sealed record FeatureExtractorSpec
{
    /// <summary>Representation. Default <see cref="FeatureKind.LogMel"/>.</summary>
    public FeatureKind Kind { get; init; } = FeatureKind.LogMel;

    /// <summary>Rate the audio is decoded at, Hz. Default 22050.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>FFT size. Default 2048.</summary>
    public int NFft { get; init; } = 2048;

    /// <summary>STFT hop in samples. Default 512.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Mel bands (log-mel and MFCC). Default 128.</summary>
    public int NMels { get; init; } = 128;

    /// <summary>MFCC coefficients kept (MFCC only). Default 13.</summary>
    public int NMfcc { get; init; } = 13;

    /// <summary>Clip length in seconds; null = one clip per whole track (only for <see cref="FeatureKind.Summary"/>). Default 3 s.</summary>
    public double? ClipSeconds { get; init; } = 3.0;

    /// <summary>Distance between clip starts in seconds; null = <see cref="ClipSeconds"/> (no overlap).</summary>
    public double? ClipHopSeconds { get; init; }

    /// <summary>On-disk value type. Default <see cref="FeatureStorage.Float32"/>.</summary>
    public FeatureStorage Storage { get; init; } = FeatureStorage.Float32;

    /// <summary>Clip length in samples (0 for whole tracks).</summary>
    public int ClipSamples => ClipSeconds is double s ? (int)Math.Round(s * SampleRate) : 0;

    /// <summary>Rows of one clip's matrix: mel bands, MFCC coefficients, or summary dimensions.</summary>
    public int Rows => Kind switch
    {
        FeatureKind.LogMel => NMels,
        FeatureKind.Mfcc => NMfcc,
        _ => SummaryLayout.FeatureCount,
    };

    /// <summary>Columns of one clip's matrix: frames (centred STFT), or 1 for the summary vector.</summary>
    public int Cols => Kind == FeatureKind.Summary ? 1 : 1 + ClipSamples / HopLength;

    /// <summary>Seed 001: 96 mel × 1366 frames, 12 kHz, n_fft 512, hop 256, 29.12 s clips (349 440 samples).</summary>
    public static FeatureExtractorSpec Seed001LogMel { get; } = new()
    {
        Kind = FeatureKind.LogMel, SampleRate = 12000, NFft = 512, HopLength = 256, NMels = 96, ClipSeconds = 29.12,
    };

    /// <summary>Seed 002: 128 × 128 log-mel slices at librosa defaults (127 hops = 65 024 samples ≈ 2.949 s).</summary>
    public static FeatureExtractorSpec Seed002Slices { get; } = new()
    {
        Kind = FeatureKind.LogMel, ClipSeconds = 127 * 512 / 22050.0,
    };

    /// <summary>128 × 130 log-mel of 3-s clips at librosa defaults (66 150 samples / 512 → 130 frames).</summary>
    public static FeatureExtractorSpec LogMel3s { get; } = new();

    /// <summary>
    /// Seed 004: 13 MFCC × 130 frames of 10-s clips. At 22 050 Hz, hop 512 gives 431 frames for 10 s; to reach 130
    /// frames the hop is 1700 samples (1 + ⌊220 500 / 1700⌋ = 130), n_fft 2048 (windows still overlap). The write-up's
    /// 130 × 13 matches 3-s clips at hop 512 (<see cref="LogMel3s"/> timing with <see cref="FeatureKind.Mfcc"/>), which
    /// is likely what its code did; both are available.
    /// </summary>
    public static FeatureExtractorSpec Seed004Mfcc { get; } = new()
    {
        Kind = FeatureKind.Mfcc, HopLength = 1700, NMfcc = 13, ClipSeconds = 10.0,
    };

    /// <summary>Seed 002's statistics: the 357-d summary vector of each whole track.</summary>
    public static FeatureExtractorSpec TrackSummary { get; } = new() { Kind = FeatureKind.Summary, ClipSeconds = null };

    /// <summary>Throws <see cref="InvalidOptionsException"/> naming the first bad setting.</summary>
    public FeatureExtractorSpec Validate()
    {
        Check(Enum.IsDefined(Kind), "kind", Kind);
        Check(Enum.IsDefined(Storage), "storage", Storage);
        Check(SampleRate is >= 1000 and <= 384_000, "sample rate", SampleRate);
        Check(NFft is >= 16 and <= 65536, "n_fft", NFft);
        Check(HopLength >= 1 && HopLength <= 4 * NFft, "hop", HopLength);
        Check(NMels is >= 1 and <= 512, "n_mels", NMels);
        Check(NMfcc >= 1 && NMfcc <= NMels, "n_mfcc", NMfcc);
        if (ClipSeconds is double s)
        {
            Check(s > 0 && s <= 3600 && ClipSamples >= 1, "clip seconds", s);
        }
        else
        {
            Check(Kind == FeatureKind.Summary, "clip seconds (whole tracks only for the summary kind)", "null");
        }

        if (ClipHopSeconds is double h)
        {
            Check(h > 0 && h <= 3600, "clip hop seconds", h);
        }

        try
        {
            _ = MelOptions();
            MfccOptions().Validate();
            if (Kind == FeatureKind.Summary)
            {
                _ = new TrackSummaryExtractor(SummaryOptions()); // checks contrast bands against Nyquist, etc.
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidOptionsException($"Invalid feature settings: {e.Message}");
        }

        return this;
    }

    /// <summary>
    /// Where the clips of a track of <paramref name="sampleCount"/> samples (at <see cref="SampleRate"/>) lie: whole
    /// clips every <see cref="ClipHopSeconds"/> (<see cref="ClipSlicer"/>, trailing partial clip dropped), or one range
    /// over the whole track for the summary. With <paramref name="padShort"/> a track shorter than one clip still gives
    /// one clip, zero-padded (<see cref="ClipRange.ValidLength"/> &lt; <see cref="ClipRange.Length"/>). Training and
    /// serving both cut tracks here.
    /// </summary>
    public IReadOnlyList<ClipRange> PlanClips(int sampleCount, bool padShort = false)
    {
        if (ClipSeconds is not double seconds)
        {
            return sampleCount > 0 ? [new ClipRange(0, 0, sampleCount, sampleCount)] : [];
        }

        var slicer = new ClipSlicer(new ClipSlicerOptions { ClipSeconds = seconds, HopSeconds = ClipHopSeconds ?? seconds, PadShort = padShort });
        return slicer.Plan(sampleCount, SampleRate);
    }

    /// <summary>The mel settings these parameters mean.</summary>
    public MelOptions MelOptions()
    {
        var mel = new MelOptions { SampleRate = SampleRate, NMels = NMels, Stft = new StftOptions { NFft = NFft, HopLength = HopLength } };
        mel.Validate();
        return mel;
    }

    /// <summary>The MFCC settings these parameters mean.</summary>
    public MfccOptions MfccOptions() => new() { Mel = MelOptions(), NMfcc = NMfcc };

    /// <summary>The summary settings these parameters mean.</summary>
    public TrackSummaryOptions SummaryOptions() => new() { SampleRate = SampleRate, Stft = new StftOptions { NFft = NFft, HopLength = HopLength } };

    /// <summary>Canonical text of every parameter plus <see cref="FeaturesVersion.Current"/>; part of the cache key.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"features-v{FeaturesVersion.Current};kind={Kind};sr={SampleRate};n_fft={NFft};hop={HopLength};" +
            $"n_mels={NMels};n_mfcc={NMfcc};clip={ClipSeconds?.ToString("R", c) ?? "track"};clip_hop={ClipHopSeconds?.ToString("R", c) ?? "=clip"};" +
            $"storage={Storage};shape={Rows}x{Cols};window=hann;center=true;pad=constant;mel=slaney/slaney;power=2;db=amin1e-10/top80");
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new InvalidOptionsException($"Invalid feature setting {name}: {value}.");
        }
    }
}
