namespace Timbre.Data.Corpus.Styles;

/// <summary>How chord notes are stacked for a comping part.</summary>
public enum Voicing
{
    /// <summary>Close triad or seventh chord around middle C.</summary>
    Close,
    /// <summary>Root, fifth, octave (rock/metal power chord), low register.</summary>
    Power,
    /// <summary>Jazz shell: root, third, seventh.</summary>
    Shell,
    /// <summary>Six-string open guitar spread: root, fifth, octave, tenth, twelfth, fifteenth.</summary>
    Guitar,
    /// <summary>Wide open voicing: root, fifth, tenth (plus seventh when present).</summary>
    Open,
}

/// <summary>
/// One bar of a pitched part as a step string. Comping: 'x' whole chord, 'd' strum down, 'u' strum up,
/// '1'–'4' one voicing note (arpeggio, Alberti). Bass: 'R' root, 'r' muted root, '3' third, '5' fifth,
/// 'f' fifth below, '6' major sixth, '7' chord seventh, 'm' minor seventh, 'O' octave, 'a' chromatic approach to the next
/// chord's root. Both: '-' holds the previous note one more step, '.' rest.
/// </summary>
/// <param name="Name">Short name for the manifest.</param>
/// <param name="Steps">The step string; its length divides the bar.</param>
/// <param name="Gate">Sounding fraction of each note's length (0.3 staccato … 1.0 legato).</param>
/// <param name="Voicing">Chord stacking (comping only).</param>
public sealed record PartPattern(string Name, string Steps, double Gate = 0.9, Voicing Voicing = Voicing.Close);
