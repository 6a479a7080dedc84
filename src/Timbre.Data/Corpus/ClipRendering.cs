using Timbre.Audio.Wav;
using Timbre.Data.Corpus.Composition;
using Timbre.Data.Corpus.Midi;
using Timbre.Data.Corpus.Rendering;

namespace Timbre.Data.Corpus;

/// <summary>Renders one composed piece to its final WAV: MIDI → renderer → mono, exact length, fade-out, peak-normalised.</summary>
internal static class ClipRendering
{
    /// <summary>
    /// Renders <paramref name="piece"/> into <paramref name="target"/> atomically (temp file + rename), 16-bit mono,
    /// exactly <paramref name="seconds"/> long, with the RIFF INFO <paramref name="tags"/> (e.g. IART, IPRD, INAM).
    /// </summary>
    public static void Render(
        IMidiRenderer renderer, ComposedPiece piece, string target, string scratch, double seconds, int sampleRate, float peakLevel,
        IReadOnlyList<(string Id, string Value)> tags, CancellationToken cancellationToken)
    {
        string stem = Path.Combine(scratch, $"{Path.GetFileNameWithoutExtension(target)}.{Guid.NewGuid():N}");
        string midi = stem + ".mid";
        string raw = stem + ".raw.wav";
        string temp = target + ".tmp";
        try
        {
            File.WriteAllBytes(midi, MidiFileWriter.Write(piece.Song));
            renderer.Render(midi, raw, sampleRate, cancellationToken);
            WavContent wav;
            using (var rendered = File.OpenRead(raw))
            {
                wav = WavReader.Read(rendered, raw);
            }

            float[] mono = ClipPostProcessor.DownMix(wav.Interleaved, wav.Header.Channels);
            float[] clip = ClipPostProcessor.FitLength(mono, (int)Math.Round(seconds * sampleRate));
            ClipPostProcessor.FadeOut(clip, sampleRate / 50);
            ClipPostProcessor.PeakNormalise(clip, peakLevel);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                WavWriter.Write(stream, clip, sampleRate, 1, WavSampleFormat.Pcm16Symmetric, tags);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(midi);
            File.Delete(raw);
            File.Delete(temp);
        }
    }
}
