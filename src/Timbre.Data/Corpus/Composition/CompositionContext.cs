using Timbre.Data.Corpus.Midi;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus.Composition;

/// <summary>Shared state of one composition and the writers for drums, bass and comping bars.</summary>
internal sealed class CompositionContext(GenreStyle style, Pcg32 rng, MidiSong song, int tonic, IReadOnlyList<int> scale, int inversion)
{
    private const int Quarter = Composer.TicksPerQuarter;

    public GenreStyle Style { get; } = style;

    public Pcg32 Rng { get; } = rng;

    public int Tonic { get; } = tonic;

    public IReadOnlyList<int> Scale { get; } = scale;

    public MidiTrack AddTrack(string name, int channel, int program, int volume, int pan)
    {
        var track = new MidiTrack(name, channel, program);
        int reverb = Math.Clamp(Style.Reverb + Rng.Next(-10, 11), 0, 127);
        int chorus = Math.Clamp(Style.Chorus + Rng.Next(-10, 11), 0, 127);
        track.Controls.Add(new MidiControl(0, 7, volume));
        track.Controls.Add(new MidiControl(0, 10, Math.Clamp(pan, 0, 127)));
        track.Controls.Add(new MidiControl(0, 91, reverb));
        track.Controls.Add(new MidiControl(0, 93, chorus));
        song.Tracks.Add(track);
        return track;
    }

    /// <summary>Adds a note at grid position <paramref name="tick"/> with swing, timing jitter and velocity jitter.</summary>
    public void AddNote(MidiTrack track, long tick, long durationTicks, int pitch, int velocity, bool tripletGrid, double jitterScale = 1.0)
    {
        long on = tripletGrid ? tick : Swing(tick);
        long off = tripletGrid ? tick + durationTicks : Swing(tick + durationTicks);
        long jitter = (long)Math.Round(Rng.NextGaussian() * Style.TimingJitter * jitterScale);
        on = Math.Max(0, on + jitter);
        int duration = (int)Math.Max(30, off - (on - jitter) - 5);
        int v = Math.Clamp(velocity + (int)Math.Round(Rng.NextGaussian() * 5), 1, 127);
        while (pitch < 0)
        {
            pitch += 12;
        }

        while (pitch > 127)
        {
            pitch -= 12;
        }

        track.Notes.Add(new MidiNote(on, duration, pitch, v));
    }

    /// <summary>Delays off-beat eighths by the style's swing; positions between are warped piecewise-linearly.</summary>
    private long Swing(long tick)
    {
        if (Style.Swing <= 0)
        {
            return tick;
        }

        long position = tick % Quarter;
        long beatStart = tick - position;
        double half = Quarter / 2.0;
        double middle = half + Style.Swing * half;
        double warped = position < half
            ? position * middle / half
            : middle + (position - half) * (Quarter - middle) / half;
        return beatStart + (long)Math.Round(warped);
    }

    private static bool IsTriplet(int steps, long barTicks) => (barTicks / Quarter) * 3 == steps || (barTicks / Quarter) * 6 == steps;

    public void WriteDrums(MidiTrack track, DrumPattern pattern, long start, long barTicks, int velocity, bool intro, bool crash, bool fill)
    {
        int steps = pattern.Steps;
        long step = barTicks / steps;
        bool triplet = IsTriplet(steps, barTicks);
        long fillFrom = barTicks - Quarter;
        if (crash)
        {
            AddNote(track, start, Quarter, Drum.Crash, velocity + 10, triplet, 0.3);
        }

        foreach ((int key, string lane) in pattern.Lanes.OrderBy(l => l.Key))
        {
            bool cymbal = key is Drum.ClosedHat or Drum.OpenHat or Drum.Ride or Drum.PedalHat or Drum.Shaker or Drum.Tambourine;
            if (intro && !cymbal)
            {
                continue;
            }

            for (int i = 0; i < steps; i++)
            {
                char c = lane[i];
                long at = i * step;
                if (c == '.' || (fill && at >= fillFrom))
                {
                    continue;
                }

                int v = c switch { 'X' => velocity + 18, 'o' => velocity - 40, _ => velocity } - (cymbal ? 12 : 0);
                if (cymbal && at % Quarter == 0)
                {
                    v += 8;
                }

                AddNote(track, start + at, step, key, v, triplet, 0.4);
            }
        }

        if (fill)
        {
            int[] toms = [Drum.Snare, Drum.HighTom, Drum.MidTom, Drum.LowTom];
            int hits = triplet ? 3 : 4;
            for (int h = 0; h < hits; h++)
            {
                AddNote(track, start + fillFrom + h * (Quarter / hits), Quarter / hits, toms[h], velocity - 10 + 6 * h, triplet, 0.4);
            }
        }
    }

    public void WriteBass(MidiTrack track, PartPattern pattern, long start, long barTicks, Chord chord, Chord next, int velocity)
    {
        int lowest = track.Program is 0 or 42 ? 36 : 28; // piano and cello play an octave up
        int root = Place(Tonic + chord.Root, lowest);
        int nextRoot = Place(Tonic + next.Root, lowest);
        int fifth = chord.Intervals.Contains(6) ? 6 : 7;
        WritePattern(track, pattern, start, barTicks, velocity, (c, _) => c switch
        {
            'R' or 'r' => [root],
            '3' => [root + chord.Third],
            '5' => [root + fifth],
            'f' => [root + fifth - 12 >= lowest - 5 ? root + fifth - 12 : root + fifth],
            '6' => [root + 9],
            '7' => [root + (chord.Seventh ?? 10)],
            'm' => [root + 10],
            'O' => [root + 12],
            'a' => [Rng.Chance(0.5) ? nextRoot - 1 : nextRoot + 1],
            _ => throw new FormatException($"Unknown bass step '{c}' in pattern '{pattern.Name}'."),
        });
    }

    public void WriteComp(MidiTrack track, PartPattern pattern, long start, long barTicks, Chord chord, int velocity, int octave = 0)
    {
        int[] notes = Voice(chord, pattern.Voicing, octave);
        WritePattern(track, pattern, start, barTicks, velocity, (c, _) => c switch
        {
            'x' or 'd' => notes,
            'u' => notes.Reverse().ToArray(),
            >= '1' and <= '6' => [notes[(c - '1') % notes.Length] + 12 * ((c - '1') / notes.Length)],
            _ => throw new FormatException($"Unknown comping step '{c}' in pattern '{pattern.Name}'."),
        }, strum: c => c is 'd' or 'u');
    }

    private void WritePattern(MidiTrack track, PartPattern pattern, long start, long barTicks, int velocity, Func<char, int, int[]> pitches, Func<char, bool>? strum = null)
    {
        string s = pattern.Steps;
        long step = barTicks / s.Length;
        bool triplet = IsTriplet(s.Length, barTicks);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '.' or '-')
            {
                continue;
            }

            int length = 1;
            while (i + length < s.Length && s[i + length] == '-')
            {
                length++;
            }

            long duration = (long)(length * step * pattern.Gate);
            int[] chordNotes = pitches(c, i);
            bool spread = strum?.Invoke(c) ?? false;
            int accent = (i * step) % Quarter == 0 ? 4 : -4;
            int v = velocity + accent - (c == 'u' ? 10 : 0);
            for (int n = 0; n < chordNotes.Length; n++)
            {
                long offset = spread ? n * 12 : 0;
                AddNote(track, start + i * step + offset, Math.Max(30, duration - offset), chordNotes[n], v, triplet);
            }
        }
    }

    /// <summary>Pitches of <paramref name="chord"/> stacked per <paramref name="voicing"/>, ascending.</summary>
    public int[] Voice(Chord chord, Voicing voicing, int octave = 0)
    {
        int pc = Tonic + chord.Root;
        int third = chord.Third;
        int fifth = chord.Intervals.Contains(6) ? 6 : chord.Intervals.Contains(7) ? 7 : chord.Intervals[^1];
        int[] notes;
        switch (voicing)
        {
            case Voicing.Power:
            {
                int r = Place(pc, 40);
                notes = [r, r + 7, r + 12];
                break;
            }

            case Voicing.Shell:
            {
                int r = Place(pc, 48);
                notes = [r, r + (chord.Seventh ?? 12), r + third + 12];
                break;
            }

            case Voicing.Guitar:
            {
                int r = Place(pc, 40);
                notes = [r, r + 7, r + 12, r + third + 12, r + 19, r + 24];
                break;
            }

            case Voicing.Open:
            {
                int r = Place(pc, 43);
                notes = chord.Seventh is int sev ? [r, r + fifth, r + third + 12, r + sev + 12] : [r, r + fifth, r + third + 12, r + 24];
                break;
            }

            default:
            {
                int r = Place(pc, 53);
                notes = chord.Intervals.Select(i => r + i).ToArray();
                for (int k = 0; k < inversion; k++)
                {
                    notes[k % notes.Length] += 12;
                }

                break;
            }
        }

        Array.Sort(notes);
        return notes.Select(n => n + octave).ToArray();
    }

    /// <summary>The pitch of pitch class <paramref name="pitchClass"/> in the octave starting at <paramref name="lowest"/>.</summary>
    public static int Place(int pitchClass, int lowest) => lowest + (((pitchClass - lowest) % 12) + 12) % 12;
}
