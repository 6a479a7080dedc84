using Timbre.Data.Corpus.Composition;

namespace Timbre.Data.Corpus.Styles;

/// <summary>
/// The style of one generated album: a genre narrowed to one consistent sound, as an album is. From the genre's
/// families it keeps one meter, one tonic and mode (progressions of that mode only), one lead, comping, bass and
/// drum-kit program, a pad always or never, a tempo window of ±<see cref="TempoSpread"/> BPM, and at most two drum,
/// bass and comping patterns. Deterministic in (genre, seed).
/// </summary>
public static class AlbumStyles
{
    /// <summary>Half-width of an album's tempo window in BPM.</summary>
    public const int TempoSpread = 4;

    /// <summary>The album style drawn from <paramref name="genre"/> with <paramref name="seed"/>.</summary>
    public static GenreStyle Narrow(GenreStyle genre, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(genre);
        genre.Validate();
        var rng = new Pcg32(seed);
        int meter = rng.Pick(genre.Meters);
        int centre = rng.Next(genre.MinTempo, genre.MaxTempo + 1);
        string first = rng.Pick(genre.Progressions);
        bool minor = Chord.ParseProgression(first)[0].IsMinor;
        string[] sameMode = [.. genre.Progressions.Where(p => p != first && Chord.ParseProgression(p)[0].IsMinor == minor)];
        bool pad = genre.PadPrograms.Count > 0 && rng.Chance(0.5);
        return genre with
        {
            Meters = [meter],
            MinTempo = Math.Max(genre.MinTempo, centre - TempoSpread),
            MaxTempo = Math.Min(genre.MaxTempo, centre + TempoSpread),
            Tonic = rng.Next(12),
            Progressions = sameMode.Length == 0 ? [first] : [first, rng.Pick(sameMode)],
            LeadPrograms = [rng.Pick(genre.LeadPrograms)],
            ChordPrograms = [rng.Pick(genre.ChordPrograms)],
            BassPrograms = [rng.Pick(genre.BassPrograms)],
            PadPrograms = pad ? [rng.Pick(genre.PadPrograms)] : [],
            PadChance = pad ? 1 : 0,
            DrumKits = [rng.Pick(genre.DrumKits)],
            Drums = UpToTwo(rng, [.. genre.Drums.Where(d => d.Steps % meter == 0)]),
            BassPatterns = UpToTwo(rng, [.. genre.BassPatterns.Where(p => p.Steps.Length % meter == 0)]),
            CompPatterns = UpToTwo(rng, [.. genre.CompPatterns.Where(p => p.Steps.Length % meter == 0)]),
        };
    }

    private static T[] UpToTwo<T>(Pcg32 rng, T[] items)
    {
        rng.Shuffle(items);
        return items.Length <= 2 ? items : items[..2];
    }
}
