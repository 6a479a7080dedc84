using Timbre.Core.Errors;
using static Timbre.Data.Corpus.Styles.Drum;

namespace Timbre.Data.Corpus.Styles;

/// <summary>
/// The built-in genre styles: the ten GTZAN genres plus "light" (soft piano, strings and pads, slow) for the
/// seed-000 preset. GM programs: 0 piano, 4/5 e-piano, 7 clavinet, 11 vibraphone, 16–18 organs, 22 harmonica,
/// 24–31 guitars (29 overdrive, 30 distortion), 32–39 basses, 40–43 strings, 46 harp, 48–52 ensembles and choir,
/// 56–66 brass and saxes, 68–75 reeds and flutes, 80–81 synth leads, 88–95 pads, 105 banjo.
/// </summary>
public static class GenreStyles
{
    private static DrumPattern D(string name, params (int Key, string Lane)[] lanes) =>
        new(name, lanes.ToDictionary(l => l.Key, l => l.Lane));

    private static PartPattern P(string name, string steps, double gate = 0.9, Voicing voicing = Voicing.Close) =>
        new(name, steps, gate, voicing);

    /// <summary>Twelve-bar blues, shuffle feel, boogie and walking bass, dominant sevenths, blues scale.</summary>
    public static GenreStyle Blues { get; } = new()
    {
        Name = "blues",
        MinTempo = 62,
        MaxTempo = 124,
        Swing = 1.0 / 3,
        DrumKits = [0, 8, 32],
        Drums =
        [
            D("shuffle", (Kick, "x.....x....."), (Snare, "...x.....x.."), (ClosedHat, "x.xx.xx.xx.x")),
            D("slow-12-8", (Kick, "x.....x..x.."), (Snare, "...X.....X.."), (ClosedHat, "xoxxoxxoxxox")),
            D("ride-shuffle", (Kick, "x.....x....."), (Snare, "...x.....x.o"), (Ride, "x.xx.xx.xx.x"), (PedalHat, "...x.....x..")),
        ],
        LeadPrograms = [22, 29, 27, 65, 26, 66],
        ChordPrograms = [0, 16, 17, 27, 4],
        BassPrograms = [32, 33, 34],
        PadPrograms = [16, 19],
        PadChance = 0.25,
        Progressions =
        [
            "I7 I7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7",
            "I7 IV7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7",
            "i7 i7 i7 i7 iv7 iv7 i7 i7 bVI7 V7 i7 V7",
        ],
        MajorScale = Scale.Blues,
        MinorScale = Scale.Blues,
        BassPatterns = [P("boogie", "R356m653", 0.8), P("walk", "R-3-5-a-"), P("walk6", "R-5-6-a-")],
        CompPatterns = [P("shuffle-chords", "x.x.x.x.", 0.6), P("stabs", "..x...x.", 0.5), P("long", "x---x---", 0.9)],
        MelodyDensity = 0.45,
        MinVelocity = 60,
        MaxVelocity = 100,
        Reverb = 60,
        Chorus = 10,
        TimingJitter = 9,
    };

    /// <summary>Orchestral/piano writing without drums: strings, winds, harp; Alberti and arpeggio accompaniment, 3/4 or 4/4.</summary>
    public static GenreStyle Classical { get; } = new()
    {
        Name = "classical",
        MinTempo = 60,
        MaxTempo = 140,
        Meters = [3, 4],
        LeadPrograms = [40, 73, 68, 71, 0, 41, 60],
        ChordPrograms = [48, 49, 0, 46, 6],
        BassPrograms = [42, 43, 0],
        PadPrograms = [48, 49, 60, 70],
        PadChance = 0.5,
        Progressions =
        [
            "I IV V I", "I vi IV V", "I ii V I", "I V vi iii IV I IV V",
            "i iv V i", "i bVI iv V", "i iv bVII bIII bVI iv V i",
        ],
        MajorScale = Scale.Major,
        MinorScale = Scale.HarmonicMinor,
        BassPatterns =
        [
            P("whole", "R-------", 0.95), P("half", "R---5---", 0.95), P("quarters", "R-5-O-5-", 0.9),
            P("waltz-whole", "R-----", 0.95), P("waltz-oom", "R-....", 0.9),
        ],
        CompPatterns =
        [
            P("alberti", "13231323", 0.95), P("arp-up", "12341234", 0.95), P("sustain", "x-------", 0.95, Voicing.Open),
            P("waltz-pah", "..x.x.", 0.6), P("waltz-alberti", "132323", 0.95), P("waltz-arp", "123432", 0.95),
        ],
        MelodyDensity = 0.5,
        MinVelocity = 45,
        MaxVelocity = 100,
        Reverb = 95,
        Chorus = 20,
        TimingJitter = 10,
    };

    /// <summary>Two-beat and train-beat drums, root–fifth bass, strummed steel guitar, fiddle/banjo/harmonica, major pentatonic.</summary>
    public static GenreStyle Country { get; } = new()
    {
        Name = "country",
        MinTempo = 90,
        MaxTempo = 160,
        DrumKits = [0, 40, 8],
        Drums =
        [
            D("two-beat", (Kick, "x.......x......."), (Snare, "....x.......x..."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("train", (Kick, "x.......x......."), (Snare, "oxoxoXoxoxoxoXox"), (ClosedHat, "x...x...x...x...")),
            D("brush-two", (Kick, "x...x...x...x..."), (Rim, "....x.......x..."), (Shaker, "xxxxxxxxxxxxxxxx")),
        ],
        LeadPrograms = [40, 110, 105, 22, 27, 25],
        ChordPrograms = [25, 24, 3, 105],
        BassPrograms = [32, 33],
        PadChance = 0,
        Progressions = ["I IV V I", "I I IV IV V V I I", "I IV I V", "I V IV I", "I vi IV V", "vi IV I V"],
        MajorScale = Scale.MajorPentatonic,
        MinorScale = Scale.MinorPentatonic,
        BassPatterns = [P("root-fifth-below", "R-..f-..", 0.8), P("root-fifth", "R-..5-..", 0.8), P("alternating", "R-5-R-5-", 0.8), P("walk-up", "R-5-O-5-", 0.8)],
        CompPatterns = [P("strum", "d.du.udu", 0.8, Voicing.Guitar), P("boom-chick", "..x...x.", 0.5, Voicing.Guitar), P("down-up", "d.u.d.u.", 0.7, Voicing.Guitar)],
        MelodyDensity = 0.5,
        MinVelocity = 70,
        MaxVelocity = 105,
        Reverb = 40,
        Chorus = 20,
    };

    /// <summary>Four-on-the-floor, open hi-hat off-beats, octave bass, string and clavinet stabs, Dorian vamps, lots of chorus.</summary>
    public static GenreStyle Disco { get; } = new()
    {
        Name = "disco",
        MinTempo = 110,
        MaxTempo = 130,
        DrumKits = [0, 24, 25],
        Drums =
        [
            D("four-floor", (Kick, "x...x...x...x..."), (Clap, "....x.......x..."), (OpenHat, "..x...x...x...x."), (ClosedHat, "x...x...x...x...")),
            D("sixteenths", (Kick, "x...x...x...x..."), (Snare, "....X.......X..."), (ClosedHat, "xoxoxoxoxoxoxoxo"), (OpenHat, "..x...x...x...x.")),
            D("tambourine", (Kick, "x...x...x...x..."), (Snare, "....x.......x..."), (Tambourine, "xxxxxxxxxxxxxxxx"), (OpenHat, "..x...x...x...x.")),
        ],
        LeadPrograms = [81, 62, 61, 73, 11, 48],
        ChordPrograms = [4, 5, 7, 28, 48],
        BassPrograms = [33, 36, 38, 39],
        PadPrograms = [48, 50, 89],
        PadChance = 0.5,
        Progressions = ["i7 IV7 i7 IV7", "Imaj7 ii7 iii7 ii7", "vi7 ii7 V7 Imaj7", "i7 bVII i7 bVII", "ii7 V7 ii7 V7"],
        MajorScale = Scale.Major,
        MinorScale = Scale.Dorian,
        BassPatterns = [P("octaves", "RORORORO", 0.5), P("octave-skip", "RO.ORO.O", 0.5), P("octave-16", "R.O.R.O.R.O.5.O.", 0.45)],
        CompPatterns = [P("offbeat-stabs", ".x.x.x.x", 0.35), P("sixteenth-skank", "..x...x...x...x.", 0.4), P("muted-16", "xxxxxxxxxxxxxxxx", 0.3)],
        MelodyDensity = 0.5,
        MinVelocity = 80,
        MaxVelocity = 115,
        Reverb = 45,
        Chorus = 60,
        TimingJitter = 3,
    };

    /// <summary>Boom-bap and 808 patterns, lazy swing, sub/synth bass following the kick, sparse keys loops in minor.</summary>
    public static GenreStyle HipHop { get; } = new()
    {
        Name = "hiphop",
        MinTempo = 78,
        MaxTempo = 100,
        Swing = 0.15,
        DrumKits = [25, 24, 0],
        Drums =
        [
            D("boom-bap", (Kick, "x......x.x......"), (Snare, "....X.......X..."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("boom-bap-16", (Kick, "x.x.......x..x.."), (Snare, "....X.......X..."), (ClosedHat, "xoxoxoxoxoxoxoxo")),
            D("halftime", (Kick, "x.....x...x....."), (Clap, "........X......."), (ClosedHat, "xxxxxxxxxxxxxxxx"), (OpenHat, "..............x.")),
        ],
        LeadPrograms = [0, 4, 11, 80, 48, 73],
        LeadChance = 0.5,
        ChordPrograms = [4, 0, 89, 48, 5],
        BassPrograms = [38, 39, 33, 87],
        PadPrograms = [89, 90, 95],
        PadChance = 0.4,
        Progressions = ["i7 i7 iv7 iv7", "i7 bVImaj7 i7 bVImaj7", "i7 iv7 bVII7 bIIImaj7", "i i bVI V", "ii7 V7 ii7 V7"],
        MajorScale = Scale.MajorPentatonic,
        MinorScale = Scale.MinorPentatonic,
        BassPatterns = [P("kick-follow", "R-.....R.R-.....", 0.9), P("long-short", "R--.....R--.R...", 0.9), P("held", "R---..R-", 0.9)],
        CompPatterns = [P("loop", "x-..x-..", 0.8), P("held", "x---x---", 0.9), P("offbeat", ".x..x...", 0.6)],
        MelodyDensity = 0.3,
        MinVelocity = 70,
        MaxVelocity = 110,
        Reverb = 30,
        Chorus = 20,
        TimingJitter = 7,
    };

    /// <summary>Swing ride, walking bass, shell voicings, ii–V–I with sevenths, saxes, trumpet and vibes.</summary>
    public static GenreStyle Jazz { get; } = new()
    {
        Name = "jazz",
        MinTempo = 100,
        MaxTempo = 220,
        Swing = 1.0 / 3,
        DrumKits = [32, 40, 0],
        Drums =
        [
            D("spang-a-lang", (Ride, "x..x.xx..x.x"), (PedalHat, "...x.....x.."), (Kick, "o..o..o..o.."), (Snare, "........o...")),
            D("brushes", (Snare, "oooooooooooo"), (PedalHat, "...x.....x.."), (Ride, "x..x.xx..x.x")),
            D("ride-kick", (Ride, "x..x.xx..x.x"), (PedalHat, "...x.....x.."), (Kick, "x.......o...")),
        ],
        LeadPrograms = [65, 66, 56, 11, 26, 0, 57, 71],
        ChordPrograms = [0, 26, 4],
        BassPrograms = [32],
        PadPrograms = [61],
        PadChance = 0.1,
        Progressions =
        [
            "ii7 V7 Imaj7 Imaj7", "Imaj7 vi7 ii7 V7", "iii7 VI7 ii7 V7",
            "ii7 V7 Imaj7 IVmaj7 viim7b5 III7 vi7 vi7", "iim7b5 V7 i7 i7",
        ],
        MajorScale = Scale.Major,
        MinorScale = Scale.Dorian,
        BassPatterns = [P("walk", "R-3-5-a-", 0.95), P("walk6", "R-5-6-a-", 0.95), P("walk-oct", "R-O-7-a-", 0.95)],
        CompPatterns = [P("charleston", "x..x....", 0.6, Voicing.Shell), P("and-of-two", "...x..x.", 0.5, Voicing.Shell), P("held", "x--.....", 0.8, Voicing.Shell)],
        MelodyDensity = 0.6,
        MinVelocity = 55,
        MaxVelocity = 100,
        Reverb = 50,
        Chorus = 10,
        TimingJitter = 9,
    };

    /// <summary>Distortion guitar (GM 30/31) power chords palm-muted in eighths and gallops, double kick, Phrygian/minor.</summary>
    public static GenreStyle Metal { get; } = new()
    {
        Name = "metal",
        MinTempo = 100,
        MaxTempo = 190,
        DrumKits = [16, 0, 8],
        Drums =
        [
            D("double-kick", (Kick, "xxxxxxxxxxxxxxxx"), (Snare, "....X.......X..."), (Crash, "x...x...x...x...")),
            D("gallop", (Kick, "x.xxx.xxx.xxx.xx"), (Snare, "....X.......X..."), (Ride, "x.x.x.x.x.x.x.x.")),
            D("halftime", (Kick, "x.x...x.x.x...x."), (Snare, "........X......."), (Crash, "x...x...x...x...")),
        ],
        LeadPrograms = [30, 29, 31, 81],
        LeadChance = 0.6,
        ChordPrograms = [30, 29, 31],
        BassPrograms = [34, 33],
        PadPrograms = [48, 19],
        PadChance = 0.2,
        Progressions = ["i i bVI bVII", "i bII i bII", "i bVII bVI bVII", "i5 i5 bVI5 bVII5", "i iv bVI V"],
        MajorScale = Scale.Mixolydian,
        MinorScale = Scale.Phrygian,
        BassPatterns = [P("palm-8ths", "rrrrrrrr", 0.5), P("palm-16ths", "rrrrrrrrrrrrrrrr", 0.5), P("gallop", "r.rrr.rrr.rrr.rr", 0.5)],
        CompPatterns =
        [
            P("palm-8ths", "xxxxxxxx", 0.45, Voicing.Power), P("gallop", "x.xxx.xxx.xxx.xx", 0.5, Voicing.Power),
            P("ringing", "x-------", 0.95, Voicing.Power), P("pushes", "x--x--x-", 0.8, Voicing.Power),
        ],
        MelodyDensity = 0.55,
        MinVelocity = 90,
        MaxVelocity = 125,
        Reverb = 35,
        Chorus = 0,
        TimingJitter = 3,
    };

    /// <summary>Backbeat drums, I–V–vi–IV and friends, piano/guitar/pads, synth or flute leads, moderate chorus.</summary>
    public static GenreStyle Pop { get; } = new()
    {
        Name = "pop",
        MinTempo = 90,
        MaxTempo = 128,
        DrumKits = [0, 24, 8],
        Drums =
        [
            D("backbeat", (Kick, "x.......x.x....."), (Snare, "....x.......x..."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("clap-tamb", (Kick, "x..x....x.x....."), (Clap, "....x.......x..."), (Tambourine, "..x...x...x...x."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("dance", (Kick, "x...x...x...x..."), (Snare, "....x.......x..."), (OpenHat, "..x...x...x...x.")),
        ],
        LeadPrograms = [80, 81, 73, 53, 54, 11, 0],
        ChordPrograms = [0, 4, 25, 27, 88],
        BassPrograms = [33, 34, 38, 36],
        PadPrograms = [88, 89, 90, 48, 50],
        PadChance = 0.6,
        Progressions = ["I V vi IV", "vi IV I V", "I vi IV V", "IV I V vi", "I IV vi V", "I iii IV V"],
        MajorScale = Scale.Major,
        MinorScale = Scale.Minor,
        BassPatterns = [P("quarters", "R-R-R-R-", 0.8), P("three-three-two", "R..R..R.", 0.8), P("driving", "RRRRRRRR", 0.6)],
        CompPatterns = [P("three-three-two", "x--x--x-", 0.8), P("strum", "d.du.udu", 0.8, Voicing.Guitar), P("quarters", "x-x-x-x-", 0.8), P("arp", "12321232", 0.9)],
        MelodyDensity = 0.45,
        MinVelocity = 75,
        MaxVelocity = 110,
        Reverb = 50,
        Chorus = 40,
        TimingJitter = 4,
    };

    /// <summary>One-drop and steppers drums, off-beat skank (guitar/piano/organ), melodic bass with space, slow.</summary>
    public static GenreStyle Reggae { get; } = new()
    {
        Name = "reggae",
        MinTempo = 66,
        MaxTempo = 92,
        Swing = 0.1,
        DrumKits = [0, 8],
        Drums =
        [
            D("one-drop", (Kick, "........x......."), (Rim, "........x......."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("steppers", (Kick, "x...x...x...x..."), (Rim, "........x......."), (ClosedHat, "..x...x...x...x.")),
            D("rockers", (Kick, "x.......x......."), (Snare, "....x.......x..."), (ClosedHat, "xoxoxoxoxoxoxoxo")),
        ],
        LeadPrograms = [56, 65, 57, 16, 22, 11],
        LeadChance = 0.6,
        ChordPrograms = [27, 28, 0, 16],
        BassPrograms = [33, 32],
        PadPrograms = [16, 17],
        PadChance = 0.5,
        Progressions = ["I IV I V", "i iv i iv", "i bVII i bVII", "I IV I IV", "ii V ii V"],
        MajorScale = Scale.MajorPentatonic,
        MinorScale = Scale.Dorian,
        BassPatterns = [P("drop", "R-.R5-.3", 0.8), P("space", ".R-.5-R.", 0.8), P("roll", "R--5.O5.", 0.8)],
        CompPatterns = [P("skank", ".x.x.x.x", 0.3), P("two-four", "..x...x.", 0.3), P("skank-16", "..x...x...x...x.", 0.25)],
        MelodyDensity = 0.35,
        MinVelocity = 65,
        MaxVelocity = 100,
        Reverb = 55,
        Chorus = 20,
        TimingJitter = 6,
    };

    /// <summary>Straight backbeat, overdriven/distortion guitar power chords and strums, root-eighths bass, I–IV–V and bVII.</summary>
    public static GenreStyle Rock { get; } = new()
    {
        Name = "rock",
        MinTempo = 100,
        MaxTempo = 150,
        DrumKits = [0, 8, 16],
        Drums =
        [
            D("straight", (Kick, "x.......x.x....."), (Snare, "....X.......X..."), (ClosedHat, "x.x.x.x.x.x.x.x.")),
            D("ride", (Kick, "x.x.....x.x....."), (Snare, "....X.......X..."), (Ride, "x.x.x.x.x.x.x.x.")),
            D("push", (Kick, "x..x..x.x......."), (Snare, "....X.......X..."), (ClosedHat, "xxxxxxxxxxxxxxxx")),
        ],
        LeadPrograms = [29, 30, 27, 18, 81],
        LeadChance = 0.7,
        ChordPrograms = [29, 30, 27, 25, 18],
        BassPrograms = [33, 34],
        PadPrograms = [18, 48],
        PadChance = 0.3,
        Progressions = ["I IV V IV", "I bVII IV I", "vi IV I V", "I V vi IV", "i bVII bVI bVII", "I IV I V"],
        MajorScale = Scale.MajorPentatonic,
        MinorScale = Scale.MinorPentatonic,
        BassPatterns = [P("eighths", "RRRRRRRR", 0.8), P("quarters-push", "R-R-R-RR", 0.8), P("syncopated", "R.RR-.R.", 0.8)],
        CompPatterns =
        [
            P("power-8ths", "xxxxxxxx", 0.7, Voicing.Power), P("power-push", "x-.xx-.x", 0.8, Voicing.Power),
            P("strum", "d.du.udu", 0.8, Voicing.Guitar), P("ringing", "x-------", 0.95, Voicing.Power),
        ],
        MelodyDensity = 0.45,
        MinVelocity = 85,
        MaxVelocity = 120,
        Reverb = 40,
        Chorus = 10,
        TimingJitter = 5,
    };

    /// <summary>Light (pure) music for the seed-000 preset: slow, no drums, soft piano/harp arpeggios over strings and pads, much reverb.</summary>
    public static GenreStyle Light { get; } = new()
    {
        Name = "light",
        MinTempo = 56,
        MaxTempo = 80,
        Meters = [3, 4],
        LeadPrograms = [0, 73, 46, 11, 75, 79, 40],
        ChordPrograms = [0, 46, 49, 88, 89],
        BassPrograms = [42, 32, 0],
        PadPrograms = [88, 89, 91, 52, 49],
        PadChance = 0.9,
        Progressions = ["I V vi IV", "Imaj7 IVmaj7 Imaj7 IVmaj7", "I iii IV I", "vi IV I V", "IVmaj7 V iii vi"],
        MajorScale = Scale.MajorPentatonic,
        MinorScale = Scale.MinorPentatonic,
        BassPatterns = [P("whole", "R-------", 0.95), P("half", "R---5---", 0.95), P("waltz-whole", "R-----", 0.95)],
        CompPatterns =
        [
            P("arp", "12341234", 1.0, Voicing.Open), P("slow-arp", "1-2-3-4-", 1.0, Voicing.Open), P("sustain", "x-------", 0.95, Voicing.Open),
            P("waltz-arp", "123432", 1.0, Voicing.Open), P("waltz-slow", "1-2-3-", 1.0, Voicing.Open),
        ],
        MelodyDensity = 0.3,
        MinVelocity = 40,
        MaxVelocity = 75,
        Reverb = 100,
        Chorus = 50,
        TimingJitter = 8,
    };

    /// <summary>Every built-in style by name.</summary>
    public static IReadOnlyDictionary<string, GenreStyle> All { get; } =
        new[] { Blues, Classical, Country, Disco, HipHop, Jazz, Metal, Pop, Reggae, Rock, Light }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The style named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InvalidOptionsException">No such style.</exception>
    public static GenreStyle Get(string name)
    {
        if (All.TryGetValue(name.Trim().ToLowerInvariant(), out GenreStyle? style))
        {
            return style;
        }

        throw new InvalidOptionsException($"Unknown genre '{name}'. Known genres: {string.Join(", ", All.Keys)}.");
    }
}
