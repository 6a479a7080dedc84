namespace Timbre.Data.Corpus.Styles;

/// <summary>
/// One bar of drums as a readable grid: one string per GM percussion key, one character per step.
/// '.' rest, 'o' ghost (soft), 'x' normal, 'X' accent. All lanes have the same number of steps; the steps
/// divide the bar evenly (16 = sixteenths in 4/4, 12 = triplet eighths in 4/4 or sixteenths in 3/4).
/// </summary>
/// <param name="Name">Short name for the manifest.</param>
/// <param name="Lanes">GM percussion key → step string.</param>
public sealed record DrumPattern(string Name, IReadOnlyDictionary<int, string> Lanes)
{
    /// <summary>Steps per bar (length of every lane).</summary>
    public int Steps => Lanes.Values.First().Length;

    /// <summary>Throws when lanes are missing or differ in length or hold unknown characters.</summary>
    public void Validate()
    {
        if (Lanes.Count == 0)
        {
            throw new ArgumentException($"Drum pattern '{Name}' has no lanes.");
        }

        foreach ((int key, string lane) in Lanes)
        {
            if (lane.Length != Steps || lane.Any(c => c is not ('.' or 'o' or 'x' or 'X')))
            {
                throw new ArgumentException($"Drum pattern '{Name}' lane {key} is malformed: '{lane}'.");
            }
        }
    }
}

/// <summary>General MIDI percussion keys (channel 10) used by the styles.</summary>
public static class Drum
{
    /// <summary>Bass drum 1.</summary>
    public const int Kick = 36;
    /// <summary>Side stick / rim click.</summary>
    public const int Rim = 37;
    /// <summary>Acoustic snare.</summary>
    public const int Snare = 38;
    /// <summary>Hand clap.</summary>
    public const int Clap = 39;
    /// <summary>Closed hi-hat.</summary>
    public const int ClosedHat = 42;
    /// <summary>Pedal hi-hat.</summary>
    public const int PedalHat = 44;
    /// <summary>Low tom.</summary>
    public const int LowTom = 45;
    /// <summary>Open hi-hat.</summary>
    public const int OpenHat = 46;
    /// <summary>Hi-mid tom.</summary>
    public const int MidTom = 48;
    /// <summary>Crash cymbal 1.</summary>
    public const int Crash = 49;
    /// <summary>High tom.</summary>
    public const int HighTom = 50;
    /// <summary>Ride cymbal 1.</summary>
    public const int Ride = 51;
    /// <summary>Tambourine.</summary>
    public const int Tambourine = 54;
    /// <summary>Cowbell.</summary>
    public const int Cowbell = 56;
    /// <summary>Shaker (maracas).</summary>
    public const int Shaker = 70;
}
