namespace Timbre.Data.Corpus.Rendering;

/// <summary>Turns a Standard MIDI File into a WAV file (any channel count, PCM or float). The only outside process of the corpus generator.</summary>
public interface IMidiRenderer
{
    /// <summary>Renders <paramref name="midiPath"/> to <paramref name="wavPath"/> at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="Timbre.Core.Errors.TimbreException">The renderer is missing or failed.</exception>
    void Render(string midiPath, string wavPath, int sampleRate, CancellationToken cancellationToken = default);
}
