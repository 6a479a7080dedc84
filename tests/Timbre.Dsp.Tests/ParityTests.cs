namespace Timbre.Dsp.Tests;

/// <summary>
/// C# features against torchaudio 0.13 / librosa-formula references (Reference/make_reference.py), metric and
/// floor in <see cref="ReferenceData.MaxRelativeError"/>; tolerance 1e-4.
/// </summary>
public class ParityTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Signals()
    {
        var data = new TheoryData<string>();
        foreach (var s in ReferenceData.SignalNames)
        {
            data.Add(s);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void LogMelMatchesTorchaudio(string signal)
    {
        var x = ReferenceData.Signal(signal);
        var logMel = new MelSpectrogram().ComputeDb(x);
        AssertClose(logMel, $"{signal}/logmel");
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void MfccMatchesTorchaudio(string signal)
    {
        var x = ReferenceData.Signal(signal);
        AssertClose(new Mfcc().Compute(x), $"{signal}/mfcc");
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void SpectralStatisticsMatchLibrosaFormulas(string signal)
    {
        var x = ReferenceData.Signal(signal);
        var s = new SpectralFeatures().Compute(x);
        AssertClose(Row(s.Centroid), $"{signal}/centroid");
        AssertClose(Row(s.Bandwidth), $"{signal}/bandwidth");
        AssertClose(Row(s.Rolloff), $"{signal}/rolloff");
        AssertClose(Row(s.Flatness), $"{signal}/flatness");
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void ZeroCrossingRateAndRmsMatchLibrosaFormulas(string signal)
    {
        var x = ReferenceData.Signal(signal);
        AssertClose(TimeDomainFeatures.ZeroCrossingRate(x), $"{signal}/zcr");
        AssertClose(TimeDomainFeatures.Rms(x), $"{signal}/rms");
    }

    [Fact]
    public void PowerSpectrogramMatchesTorchaudio()
    {
        AssertClose(new Stft().Power(ReferenceData.Signal("music")), "music/power");
    }

    [Fact]
    public void LifteredMfccMatches()
    {
        var mfcc = new Mfcc(new MfccOptions { Lifter = 22 });
        AssertClose(mfcc.Compute(ReferenceData.Signal("music")), "music/mfcc_lifter22");
    }

    [Fact]
    public void LogMelWithMaxReferenceMatches()
    {
        var db = new DecibelOptions { Reference = DecibelReference.Max };
        AssertClose(new MelSpectrogram().ComputeDb(ReferenceData.Signal("music"), db), "music/logmel_refmax");
    }

    [Fact]
    public void HtkReflectConfigurationMatches()
    {
        var stft = new StftOptions { NFft = 1024, HopLength = 256, PadMode = PadMode.Reflect };
        var mel = new MelOptions
        {
            Stft = stft, NMels = 64, FMin = 50, FMax = 8000, Scale = MelScale.Htk, Norm = MelNorm.None,
        };
        var x = ReferenceData.Signal("music");
        AssertClose(new MelSpectrogram(mel).ComputeDb(x), "music/htk_logmel");
        AssertClose(new Mfcc(new MfccOptions { Mel = mel, NMfcc = 13 }).Compute(x), "music/htk_mfcc");
        var centroid = new SpectralFeatures(new SpectralOptions { Stft = stft }).Compute(x).Centroid;
        AssertClose(Row(centroid), "music/reflect1024_centroid");
    }

    [Fact]
    public void ParallelFramesGiveIdenticalResults()
    {
        var x = ReferenceData.Signal("music");
        var serial = new MelSpectrogram().ComputeDb(x);
        var parallel = new MelSpectrogram(new MelOptions { Stft = new StftOptions { Parallel = true } }).ComputeDb(x);
        Assert.Equal(serial.Data, parallel.Data);
    }

    private static FeatureMatrix Row(float[] values) => new(1, values.Length, values);

    private static void AssertClose(FeatureMatrix actual, string reference)
    {
        var err = ReferenceData.MaxRelativeError(actual, reference);
        Assert.True(err <= Tolerance, $"{reference}: max relative error {err:E3} > {Tolerance:E0}");
    }
}
