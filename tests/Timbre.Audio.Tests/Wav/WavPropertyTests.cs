using CsCheck;
using Timbre.Audio.Wav;
using Timbre.Core.Errors;

namespace Timbre.Audio.Tests.Wav;

/// <summary>Properties of the WAV reader and writer over generated inputs (CsCheck shrinks any failure it finds).</summary>
public sealed class WavPropertyTests
{
    private static readonly Gen<WavSampleFormat> Formats = Gen.OneOf(WavSampleFormat.Pcm16, WavSampleFormat.Float32);

    /// <summary>A format, channel count, rate and whole frames of samples in [-1, 1].</summary>
    private static readonly Gen<(WavSampleFormat Format, int Channels, int Rate, float[] Samples)> Audio =
        Gen.Select(Formats, Gen.Int[1, 8], Gen.OneOf(Gen.Int[1, WavReader.MaxSampleRate], Gen.OneOf(8000, 44100, 48000)), Gen.Int[1, 120])
            .SelectMany((format, channels, rate, frames) =>
                Gen.Float[-1f, 1f].Array[frames * channels].Select(samples => (format, channels, rate, samples)));

    [Fact]
    public void Arbitrary_bytes_raise_only_AudioDecodingException()
    {
        Gen.OneOf(Gen.Byte.Array[0, 200], Gen.Byte.Array[0, 64].Select(tail => (byte[])[.. "RIFF\0\0\0\0WAVE"u8, .. tail]))
            .Sample(ReadsOrRefuses, iter: 20_000, threads: 1);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Mutated_valid_files_raise_only_AudioDecodingException()
    {
        var mutations = Gen.Select(Gen.Int[0, 1 << 20], Gen.Byte).Array[1, 6];
        Gen.Select(Audio, mutations, Gen.Int[0, 3]).Sample(
            (audio, edits, cut) =>
            {
                var bytes = Write(audio.Format, audio.Channels, audio.Rate, audio.Samples);
                foreach (var (position, value) in edits)
                {
                    // Most edits land in the 58-byte header region, where the reader's decisions are made.
                    bytes[position % Math.Min(bytes.Length, position % 2 == 0 ? 58 : bytes.Length)] = value;
                }

                ReadsOrRefuses(cut == 0 ? bytes[..(edits[0].Item1 % bytes.Length)] : bytes);
            },
            iter: 2_000,
            threads: 1);
    }

    [Fact]
    public void Written_files_read_back_with_their_format_and_samples()
    {
        Audio.Sample(
            (format, channels, rate, samples) =>
            {
                var content = WavReader.Read(new MemoryStream(Write(format, channels, rate, samples)), "round-trip.wav");

                Assert.Equal(channels, content.Header.Channels);
                Assert.Equal(rate, content.Header.SampleRate);
                Assert.Equal(format == WavSampleFormat.Float32 ? WavEncoding.IeeeFloat : WavEncoding.Pcm, content.Header.Encoding);
                Assert.Equal(samples.Length, content.Interleaved.Length);
                var tolerance = format == WavSampleFormat.Float32 ? 0f : 1f / 32768f;
                for (var i = 0; i < samples.Length; i++)
                {
                    Assert.True(Math.Abs(samples[i] - content.Interleaved[i]) <= tolerance, $"sample {i}: wrote {samples[i]}, read {content.Interleaved[i]}");
                }

                var mono = WavReader.ReadMono(new PipeStream(Write(format, channels, rate, samples)), "round-trip.wav");
                Assert.Equal(samples.Length / channels, mono.Samples.Length);
            },
            iter: 500,
            threads: 1);
    }

    private static byte[] Write(WavSampleFormat format, int channels, int rate, float[] samples)
    {
        using var stream = new MemoryStream();
        WavWriter.Write(stream, samples, rate, channels, format);
        return stream.ToArray();
    }

    private static void ReadsOrRefuses(byte[] bytes)
    {
        try
        {
            var content = WavReader.Read(new MemoryStream(bytes), "fuzz.wav");
            Assert.Equal(0, content.Interleaved.Length % content.Header.Channels);
        }
        catch (AudioDecodingException)
        {
        }

        try
        {
            WavReader.ReadMono(new PipeStream(bytes), "fuzz.wav");
        }
        catch (AudioDecodingException)
        {
        }
    }
}
