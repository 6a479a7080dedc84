namespace Timbre.Data.Corpus.Styles;

/// <summary>Scales melodies draw from (semitones above the tonic).</summary>
public static class Scale
{
    /// <summary>Ionian.</summary>
    public static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11];
    /// <summary>Aeolian.</summary>
    public static readonly int[] Minor = [0, 2, 3, 5, 7, 8, 10];
    /// <summary>Harmonic minor.</summary>
    public static readonly int[] HarmonicMinor = [0, 2, 3, 5, 7, 8, 11];
    /// <summary>Dorian.</summary>
    public static readonly int[] Dorian = [0, 2, 3, 5, 7, 9, 10];
    /// <summary>Mixolydian.</summary>
    public static readonly int[] Mixolydian = [0, 2, 4, 5, 7, 9, 10];
    /// <summary>Phrygian.</summary>
    public static readonly int[] Phrygian = [0, 1, 3, 5, 7, 8, 10];
    /// <summary>Major pentatonic.</summary>
    public static readonly int[] MajorPentatonic = [0, 2, 4, 7, 9];
    /// <summary>Minor pentatonic.</summary>
    public static readonly int[] MinorPentatonic = [0, 3, 5, 7, 10];
    /// <summary>Blues scale (minor pentatonic plus the flat fifth).</summary>
    public static readonly int[] Blues = [0, 3, 5, 6, 7, 10];
}
