using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Timbre.Audio.Wav;

/// <summary>Converts little-endian WAV sample bytes to floats in [-1, 1] (integer full scale maps to ±1).</summary>
internal static class SampleConverter
{
    /// <summary>Converts <c>dst.Length</c> samples from <paramref name="src"/>.</summary>
    public static void ToFloat(ReadOnlySpan<byte> src, Span<float> dst, WavEncoding encoding, int bitsPerSample)
    {
        switch (encoding, bitsPerSample)
        {
            case (WavEncoding.Pcm, 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (src[i] - 128) * (1f / 128f);
                }

                break;
            case (WavEncoding.Pcm, 16):
                if (BitConverter.IsLittleEndian)
                {
                    ReadOnlySpan<short> s16 = MemoryMarshal.Cast<byte, short>(src[..(dst.Length * 2)]);
                    for (int i = 0; i < dst.Length; i++)
                    {
                        dst[i] = s16[i] * (1f / 32768f);
                    }
                }
                else
                {
                    for (int i = 0; i < dst.Length; i++)
                    {
                        dst[i] = BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]) * (1f / 32768f);
                    }
                }

                break;
            case (WavEncoding.Pcm, 24):
                for (int i = 0, j = 0; i < dst.Length; i++, j += 3)
                {
                    int v = src[j] | (src[j + 1] << 8) | ((sbyte)src[j + 2] << 16);
                    dst[i] = v * (1f / 8388608f);
                }

                break;
            case (WavEncoding.Pcm, 32):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]) * (1.0 / 2147483648.0));
                }

                break;
            case (WavEncoding.IeeeFloat, 32):
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(src[..(dst.Length * 4)]).CopyTo(dst);
                }
                else
                {
                    for (int i = 0; i < dst.Length; i++)
                    {
                        dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                    }
                }

                break;
            case (WavEncoding.IeeeFloat, 64):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                }

                break;
            default:
                throw new InvalidOperationException($"No converter for {encoding} {bitsPerSample}-bit.");
        }
    }

    /// <summary>Averages the channels of <paramref name="interleaved"/> into <paramref name="mono"/>.</summary>
    public static void DownMix(ReadOnlySpan<float> interleaved, Span<float> mono, int channels)
    {
        if (channels == 1)
        {
            interleaved[..mono.Length].CopyTo(mono);
            return;
        }

        if (channels == 2)
        {
            for (int i = 0, j = 0; i < mono.Length; i++, j += 2)
            {
                mono[i] = 0.5f * (interleaved[j] + interleaved[j + 1]);
            }

            return;
        }

        float scale = 1f / channels;
        for (int i = 0, j = 0; i < mono.Length; i++, j += channels)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++)
            {
                sum += interleaved[j + c];
            }

            mono[i] = sum * scale;
        }
    }
}
