using Timbre.Data.Corpus.Midi;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus.Composition;

/// <summary>
/// Composes a multi-track piece in a <see cref="GenreStyle"/>: intro, then alternating verse and chorus sections,
/// with drums, bass, comping, optional pad and melody. Deterministic: the same (style, seed, seconds) always gives
/// the same song, on any .NET version (only <see cref="Pcg32"/> and integer/IEEE arithmetic are used).
/// </summary>
public static class Composer
{
    /// <summary>Ticks per quarter note of composed songs.</summary>
    public const int TicksPerQuarter = 480;

    private static readonly string[] NoteNames = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>Composes at least <paramref name="seconds"/> of music in <paramref name="style"/> from <paramref name="seed"/>.</summary>
    public static ComposedPiece Compose(GenreStyle style, ulong seed, double seconds)
    {
        ArgumentNullException.ThrowIfNull(style);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(seconds, 0);
        style.Validate();
        var rng = new Pcg32(seed);

        int beats = rng.Pick(style.Meters);
        int tempo = rng.Next(style.MinTempo, style.MaxTempo + 1);
        int tonic = rng.Next(12); // always drawn, so a fixed tonic leaves every later choice as it was
        tonic = style.Tonic ?? tonic;
        IReadOnlyList<Chord> verse = Chord.ParseProgression(rng.Pick(style.Progressions));
        IReadOnlyList<Chord> chorus = Chord.ParseProgression(rng.Pick(style.Progressions));
        bool minor = verse[0].IsMinor;
        IReadOnlyList<int> scale = minor ? style.MinorScale : style.MajorScale;

        int? lead = rng.Chance(style.LeadChance) ? rng.Pick(style.LeadPrograms) : null;
        int comp = rng.Pick(style.ChordPrograms);
        int bass = rng.Pick(style.BassPrograms);
        int? pad = style.PadPrograms.Count > 0 && rng.Chance(style.PadChance) ? rng.Pick(style.PadPrograms) : null;
        int? kit = style.Drums.Count > 0 ? rng.Pick(style.DrumKits) : null;

        PartPattern bassPattern = rng.Pick(Fitting(style.BassPatterns, beats));
        PartPattern verseComp = rng.Pick(Fitting(style.CompPatterns, beats));
        PartPattern chorusComp = rng.Pick(Fitting(style.CompPatterns, beats));
        DrumPattern[] drums = style.Drums.Where(d => d.Steps % beats == 0).ToArray();
        DrumPattern? verseDrums = drums.Length > 0 ? rng.Pick(drums) : null;
        DrumPattern? chorusDrums = drums.Length > 0 ? rng.Pick(drums) : null;

        int baseVelocity = rng.Next(style.MinVelocity, style.MaxVelocity + 1);
        int inversion = rng.Next(3);
        var song = new MidiSong(tempo, beats, TicksPerQuarter);
        var ctx = new CompositionContext(style, rng, song, tonic, scale, inversion);

        List<Section> sections = Arrange(rng, style, verse, chorus, tempo, beats, seconds);
        MidiTrack? leadTrack = lead is int l ? ctx.AddTrack("lead", 0, l, volume: 100, pan: 64 + rng.Next(-20, 21)) : null;
        MidiTrack compTrack = ctx.AddTrack("chords", 1, comp, volume: 82, pan: 64 + rng.Next(-30, 31));
        MidiTrack bassTrack = ctx.AddTrack("bass", 2, bass, volume: 100, pan: 64);
        MidiTrack? padTrack = pad is int p ? ctx.AddTrack("pad", 3, p, volume: 62, pan: 64 + rng.Next(-15, 16)) : null;
        MidiTrack? drumTrack = kit is int k ? ctx.AddTrack("drums", MidiTrack.DrumChannel, k, volume: 100, pan: 64) : null;

        long barTicks = (long)beats * TicksPerQuarter;
        int bar = 0;
        for (int s = 0; s < sections.Count; s++)
        {
            Section section = sections[s];
            int velocity = Math.Clamp(baseVelocity + section.VelocityOffset, 20, 127);
            MelodyWriter? melody = leadTrack is not null && section.Kind != SectionKind.Intro
                ? new MelodyWriter(ctx, leadTrack, section.Kind == SectionKind.Chorus ? Math.Min(1, style.MelodyDensity * 1.25) : style.MelodyDensity)
                : null;
            for (int i = 0; i < section.Bars; i++, bar++)
            {
                long start = bar * barTicks;
                Chord chord = section.Progression[i % section.Progression.Count];
                Chord next = i + 1 < section.Bars
                    ? section.Progression[(i + 1) % section.Progression.Count]
                    : s + 1 < sections.Count ? sections[s + 1].Progression[0] : section.Progression[0];
                ctx.WriteBass(bassTrack, bassPattern, start, barTicks, chord, next, velocity);
                ctx.WriteComp(compTrack, section.Kind == SectionKind.Chorus ? chorusComp : verseComp, start, barTicks, chord, velocity - 10);
                if (padTrack is not null)
                {
                    ctx.WriteComp(padTrack, new PartPattern("pad", "x", 0.98, Voicing.Open), start, barTicks, chord, velocity - 22, octave: 12);
                }

                if (drumTrack is not null && verseDrums is not null && chorusDrums is not null)
                {
                    bool fill = i == section.Bars - 1 && s + 1 < sections.Count && rng.Chance(0.7);
                    DrumPattern pattern = section.Kind == SectionKind.Chorus ? chorusDrums : verseDrums;
                    ctx.WriteDrums(drumTrack, pattern, start, barTicks, velocity, section.Kind == SectionKind.Intro, crash: i == 0 && s > 0, fill);
                }

                melody?.WriteBar(i, start, barTicks, chord, velocity);
            }
        }

        song.EndTick = bar * barTicks;
        string instruments = $"lead:{Show(lead)};chords:{comp};bass:{bass};pad:{Show(pad)};kit:{Show(kit)}";
        string patterns = $"drums:{verseDrums?.Name ?? "-"}/{chorusDrums?.Name ?? "-"};bass:{bassPattern.Name};comp:{verseComp.Name}/{chorusComp.Name}";
        return new ComposedPiece(song, style.Name, seed, tempo, NoteNames[tonic] + (minor ? "m" : ""), beats, instruments, patterns);
    }

    private static string Show(int? program) => program?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static PartPattern[] Fitting(IReadOnlyList<PartPattern> patterns, int beats) =>
        patterns.Where(p => p.Steps.Length % beats == 0).ToArray();

    private static List<Section> Arrange(
        Pcg32 rng, GenreStyle style, IReadOnlyList<Chord> verse, IReadOnlyList<Chord> chorus, int tempo, int beats, double seconds)
    {
        int barsNeeded = (int)Math.Ceiling(seconds * tempo / 60.0 / beats) + 2;
        var sections = new List<Section>();
        int introBars = rng.Pick([0, 2, 4]);
        if (introBars > 0)
        {
            sections.Add(new Section(SectionKind.Intro, introBars, verse, -12));
        }

        int total = introBars;
        bool isChorus = false;
        while (total < barsNeeded)
        {
            IReadOnlyList<Chord> progression = isChorus ? chorus : verse;
            int bars = progression.Count >= 8 ? progression.Count : 8;
            sections.Add(new Section(isChorus ? SectionKind.Chorus : SectionKind.Verse, bars, progression, isChorus ? 8 : -3));
            total += bars;
            isChorus = !isChorus;
        }

        return sections;
    }

    private enum SectionKind
    {
        Intro,
        Verse,
        Chorus,
    }

    private sealed record Section(SectionKind Kind, int Bars, IReadOnlyList<Chord> Progression, int VelocityOffset);
}
