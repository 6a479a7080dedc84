using Timbre.Core.Errors;
using Timbre.Dsp;
using Timbre.Dsp.Summary;

namespace Timbre.Cli.Demo;

/// <summary>The feature settings a user can give on the command line (librosa defaults).</summary>
internal sealed record FeatureSettings(int SampleRate = 22050, int NFft = 2048, int HopLength = 512, int NMels = 128, int NMfcc = 20, bool Htk = false)
{
    public StftOptions Stft => new() { NFft = NFft, HopLength = HopLength };

    public MelOptions Mel => new() { SampleRate = SampleRate, Stft = Stft, NMels = NMels, Scale = Htk ? MelScale.Htk : MelScale.Slaney };
}

/// <summary>One computed feature: the matrix and how to label it.</summary>
internal sealed record ComputedFeature(string Kind, FeatureMatrix Matrix, string RowAxis, string Unit, IReadOnlyList<string>? RowNames, bool Framewise);

/// <summary>Computes any of the CLI's feature kinds on mono samples; Dsp argument errors become <see cref="InvalidOptionsException"/>.</summary>
internal static class FeatureComputation
{
    public static readonly string[] Kinds =
        ["logmel", "mel", "mfcc", "stft", "chroma", "cqt", "chroma-cqt", "chroma-cens", "contrast", "tonnetz", "centroid", "bandwidth", "rolloff", "flatness", "zcr", "rms", "stats", "stats2"];

    private static readonly string[] PitchClasses = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
    private static readonly string[] TonnetzNames = ["fifths x", "fifths y", "minor 3rds x", "minor 3rds y", "major 3rds x", "major 3rds y"];

    /// <summary>Checks every setting for <paramref name="kind"/> before any audio is decoded.</summary>
    public static void Validate(string kind, FeatureSettings settings)
    {
        if (!Kinds.Contains(kind))
        {
            throw new InvalidOptionsException($"--kind must be one of {string.Join(", ", Kinds)}; got '{kind}'.");
        }

        Translate(() =>
        {
            if (settings.SampleRate < 1000 || settings.SampleRate > 384_000)
            {
                throw new ArgumentOutOfRangeException(nameof(FeatureSettings.SampleRate), settings.SampleRate, "must be within 1000 … 384000 Hz.");
            }

            settings.Stft.Validate();
            settings.Mel.Validate();
            new MfccOptions { Mel = settings.Mel, NMfcc = settings.NMfcc }.Validate();
            if (kind is "cqt" or "chroma-cqt" or "chroma-cens")
            {
                CqtOptions(settings).Validate();
            }

            if (kind is "stats" or "stats2" or "contrast")
            {
                new ContrastOptions { SampleRate = settings.SampleRate, Stft = settings.Stft }.Validate();
            }

            return 0;
        });
    }

    /// <summary>Computes <paramref name="kind"/> on <paramref name="samples"/> at the settings' rate.</summary>
    public static ComputedFeature Compute(string kind, ReadOnlySpan<float> samples, FeatureSettings settings)
    {
        Validate(kind, settings);
        if (samples.IsEmpty)
        {
            throw new TimbreException("The audio holds no samples.");
        }

        float[] copy = samples.ToArray();
        return Translate(() => ComputeChecked(kind, copy, settings));
    }

    private static ComputedFeature ComputeChecked(string kind, float[] samples, FeatureSettings s)
    {
        var spectral = new Lazy<SpectralStatistics>(() => new SpectralFeatures(new SpectralOptions { SampleRate = s.SampleRate, Stft = s.Stft }).Compute(samples));
        FeatureMatrix Row(float[] values) => new(1, values.Length, values);
        return kind switch
        {
            "logmel" => new(kind, new MelSpectrogram(s.Mel).ComputeDb(samples), "Mel band", "dB", null, true),
            "mel" => new(kind, new MelSpectrogram(s.Mel).Compute(samples), "Mel band", "power", null, true),
            "mfcc" => new(kind, new Mfcc(new MfccOptions { Mel = s.Mel, NMfcc = s.NMfcc }).Compute(samples), "MFCC coefficient", "value", null, true),
            "stft" => new(kind, new Stft(s.Stft).Magnitude(samples), "Frequency bin", "magnitude", null, true),
            "chroma" => new(kind, new Chroma(new ChromaOptions { SampleRate = s.SampleRate, Stft = s.Stft }).Compute(samples), "Pitch class", "energy (max 1)", PitchClasses, true),
            "cqt" => new(kind, new ConstantQ(CqtOptions(s)).Compute(samples), "CQT bin (semitones above C1)", "magnitude", null, true),
            "chroma-cqt" => new(kind, new ChromaCqt(ChromaCqtOptions(s)).Compute(samples), "Pitch class", "energy (max 1)", PitchClasses, true),
            "chroma-cens" => new(kind, new ChromaCens(new ChromaCensOptions { Chroma = ChromaCqtOptions(s) }).Compute(samples), "Pitch class", "CENS (unit L2)", PitchClasses, true),
            "contrast" => new(kind, new SpectralContrast(new ContrastOptions { SampleRate = s.SampleRate, Stft = s.Stft }).Compute(samples), "Octave band", "dB", null, true),
            "tonnetz" => new(kind, Tonnetz.FromChroma(new Chroma(new ChromaOptions { SampleRate = s.SampleRate, Stft = s.Stft }).Compute(samples)), "Tonnetz dimension", "value", TonnetzNames, true),
            "centroid" => new(kind, Row(spectral.Value.Centroid), "centroid", "Hz", ["centroid"], true),
            "bandwidth" => new(kind, Row(spectral.Value.Bandwidth), "bandwidth", "Hz", ["bandwidth"], true),
            "rolloff" => new(kind, Row(spectral.Value.Rolloff), "rolloff", "Hz", ["rolloff"], true),
            "flatness" => new(kind, Row(spectral.Value.Flatness), "flatness", "ratio", ["flatness"], true),
            "zcr" => new(kind, TimeDomainFeatures.ZeroCrossingRate(samples, new ZeroCrossingOptions { FrameLength = s.NFft, HopLength = s.HopLength }), "zcr", "crossings/sample", ["zcr"], true),
            "rms" => new(kind, TimeDomainFeatures.Rms(samples, new RmsOptions { FrameLength = s.NFft, HopLength = s.HopLength }), "rms", "amplitude", ["rms"], true),
            "stats2" => Stats(samples, s, FeaturesVersion.V2),
            _ => Stats(samples, s, FeaturesVersion.V1),
        };
    }

    /// <summary>librosa cqt defaults (84 bins, 12 per octave from C1) at the CLI's rate and hop.</summary>
    private static ConstantQOptions CqtOptions(FeatureSettings s) => new() { SampleRate = s.SampleRate, HopLength = s.HopLength };

    /// <summary>librosa chroma_cqt defaults (252 bins, 36 per octave) at the CLI's rate and hop.</summary>
    private static ChromaCqtOptions ChromaCqtOptions(FeatureSettings s) =>
        new() { Cqt = new ChromaCqtOptions().Cqt with { SampleRate = s.SampleRate, HopLength = s.HopLength } };

    private static ComputedFeature Stats(float[] samples, FeatureSettings s, int version)
    {
        float[] vector = new TrackSummary(new TrackSummaryOptions { SampleRate = s.SampleRate, Stft = s.Stft }).Compute(samples, version);
        return new ComputedFeature(version == FeaturesVersion.V1 ? "stats" : "stats" + version, new FeatureMatrix(vector.Length, 1, vector), "Summary dimension", "value",
            SummaryLayout.ForVersion(version).Select(d => d.Name).ToList(), false);
    }

    /// <summary>Runs <paramref name="action"/>, turning Dsp argument errors into an options error naming the CLI option.</summary>
    private static T Translate<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            string message = e is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter", 2)[0] : e.Message;
            throw new InvalidOptionsException($"{OptionName(e.ParamName)}: {message}");
        }
    }

    private static string OptionName(string? parameter) => parameter switch
    {
        "NFft" => "--n-fft",
        "HopLength" => "--hop",
        "WinLength" => "--n-fft",
        "NMels" => "--n-mels",
        "NMfcc" => "--n-mfcc",
        "SampleRate" => "--sample-rate",
        "FMax" or "FMin" => "--sample-rate/--n-mels",
        "BinCount" => "--sample-rate (constant-Q bins exceed Nyquist)",
        "NBands" => "--sample-rate (spectral contrast bands exceed Nyquist)",
        null or "" => "invalid feature settings",
        _ => parameter,
    };
}
