using Timbre.Core.Errors;

namespace Timbre.Data.Corpus.Styles;

/// <summary>
/// A genre as a small, readable description the composer samples from. Each list is a family to pick from per
/// piece, so pieces of one genre vary in key, tempo, instruments and patterns.
/// </summary>
public sealed record GenreStyle
{
    /// <summary>Genre label (folder name in the GTZAN layout).</summary>
    public required string Name { get; init; }

    /// <summary>Slowest tempo in quarter notes per minute.</summary>
    public required int MinTempo { get; init; }

    /// <summary>Fastest tempo in quarter notes per minute.</summary>
    public required int MaxTempo { get; init; }

    /// <summary>Beats per bar to choose from (3 = waltz time). Default 4.</summary>
    public IReadOnlyList<int> Meters { get; init; } = [4];

    /// <summary>Delay of off-beat eighths as a fraction of an eighth: 0 straight, 1/3 triplet shuffle. Not applied to triplet-grid patterns.</summary>
    public double Swing { get; init; }

    /// <summary>GM drum kits (program on channel 10): 0 standard, 8 room, 16 power, 24 electronic, 25 TR-808, 32 jazz, 40 brush.</summary>
    public IReadOnlyList<int> DrumKits { get; init; } = [0];

    /// <summary>Verse drum bars; empty means no drums (classical, light).</summary>
    public IReadOnlyList<DrumPattern> Drums { get; init; } = [];

    /// <summary>GM programs for the melody.</summary>
    public required IReadOnlyList<int> LeadPrograms { get; init; }

    /// <summary>GM programs for the comping part.</summary>
    public required IReadOnlyList<int> ChordPrograms { get; init; }

    /// <summary>GM programs for the bass line.</summary>
    public required IReadOnlyList<int> BassPrograms { get; init; }

    /// <summary>GM programs for a sustained pad layer; empty means none.</summary>
    public IReadOnlyList<int> PadPrograms { get; init; } = [];

    /// <summary>Probability that a piece has a melody at all (hip-hop loops often do not). Default 1.</summary>
    public double LeadChance { get; init; } = 1.0;

    /// <summary>Probability that a piece has the pad layer. Default 0.5.</summary>
    public double PadChance { get; init; } = 0.5;

    /// <summary>Chord progressions as roman numerals, one chord per bar (see <see cref="Chord.Parse"/>).</summary>
    public required IReadOnlyList<string> Progressions { get; init; }

    /// <summary>Melody scale over a major-tonic progression.</summary>
    public IReadOnlyList<int> MajorScale { get; init; } = Scale.Major;

    /// <summary>Melody scale over a minor-tonic progression.</summary>
    public IReadOnlyList<int> MinorScale { get; init; } = Scale.Minor;

    /// <summary>Bass line bars (see <see cref="PartPattern"/>).</summary>
    public required IReadOnlyList<PartPattern> BassPatterns { get; init; }

    /// <summary>Comping bars (see <see cref="PartPattern"/>).</summary>
    public required IReadOnlyList<PartPattern> CompPatterns { get; init; }

    /// <summary>Probability of a melody onset on each eighth-note step, 0–1.</summary>
    public double MelodyDensity { get; init; } = 0.5;

    /// <summary>Softest base velocity of a piece, 1–127.</summary>
    public int MinVelocity { get; init; } = 60;

    /// <summary>Loudest base velocity of a piece, 1–127.</summary>
    public int MaxVelocity { get; init; } = 110;

    /// <summary>Reverb send (CC 91), 0–127.</summary>
    public int Reverb { get; init; } = 40;

    /// <summary>Chorus send (CC 93), 0–127.</summary>
    public int Chorus { get; init; } = 20;

    /// <summary>Standard deviation of onset jitter in ticks (480 per quarter). Default 6.</summary>
    public double TimingJitter { get; init; } = 6;

    /// <summary>Tonic pitch class (0 = C … 11 = B) of every piece; null (default) = a random tonic per piece.</summary>
    public int? Tonic { get; init; }

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a field is out of range or a pattern is malformed.</summary>
    public void Validate()
    {
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new InvalidOptionsException($"Genre style '{Name}': {what}.");
            }
        }

        Check(MinTempo is >= 20 and <= 300 && MaxTempo >= MinTempo && MaxTempo <= 300, "tempo range must lie in 20–300 with min ≤ max");
        Check(Meters.Count > 0 && Meters.All(m => m is >= 2 and <= 7), "meters must be 2–7 beats");
        Check(Swing is >= 0 and < 0.5, "swing must be in [0, 0.5)");
        Check(LeadPrograms.Count > 0 && ChordPrograms.Count > 0 && BassPrograms.Count > 0, "lead, chord and bass program lists must not be empty");
        Check(LeadPrograms.Concat(ChordPrograms).Concat(BassPrograms).Concat(PadPrograms).Concat(DrumKits).All(p => p is >= 0 and <= 127), "GM programs must be 0–127");
        Check(Progressions.Count > 0, "needs at least one progression");
        Check(Tonic is null or (>= 0 and <= 11), "tonic must be a pitch class 0–11");
        Check(MinVelocity is >= 1 and <= 127 && MaxVelocity >= MinVelocity && MaxVelocity <= 127, "velocities must be 1–127 with min ≤ max");
        Check(Reverb is >= 0 and <= 127 && Chorus is >= 0 and <= 127, "reverb and chorus must be 0–127");
        Check(MelodyDensity is >= 0 and <= 1 && LeadChance is >= 0 and <= 1 && PadChance is >= 0 and <= 1, "probabilities must be in [0, 1]");
        foreach (int meter in Meters)
        {
            Check(BassPatterns.Any(p => p.Steps.Length % meter == 0), $"no bass pattern fits {meter} beats");
            Check(CompPatterns.Any(p => p.Steps.Length % meter == 0), $"no comping pattern fits {meter} beats");
            Check(Drums.Count == 0 || Drums.Any(p => p.Steps % meter == 0), $"no drum pattern fits {meter} beats");
        }

        try
        {
            foreach (DrumPattern d in Drums)
            {
                d.Validate();
            }

            foreach (string p in Progressions)
            {
                Chord.ParseProgression(p);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOptionsException($"Genre style '{Name}': {e.Message}");
        }
    }
}
