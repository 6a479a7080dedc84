using Timbre.Data.Corpus.Midi;
using Timbre.Data.Corpus.Styles;

namespace Timbre.Data.Corpus.Composition;

/// <summary>
/// Writes a melody over one section in two-bar phrases: a random walk on the scale on an eighth-note grid, landing on
/// chord tones on strong beats; every second phrase usually repeats the previous rhythm and contour.
/// </summary>
internal sealed class MelodyWriter
{
    private const int Quarter = Composer.TicksPerQuarter;
    private readonly CompositionContext _ctx;
    private readonly MidiTrack _track;
    private readonly double _density;
    private readonly int[] _pitches;
    private int _index;
    private List<(int Step, int Index)> _previousPhrase = [];
    private List<(int Step, int Index)> _phrase = [];

    public MelodyWriter(CompositionContext ctx, MidiTrack track, double density)
    {
        _ctx = ctx;
        _track = track;
        _density = density;
        (int low, int high) = track.Program is >= 24 and <= 31 ? (52, 79) : track.Program is 57 or 58 or 70 ? (46, 70) : (60, 84);
        _pitches = Enumerable.Range(low, high - low + 1)
            .Where(p => ctx.Scale.Contains(((p - ctx.Tonic) % 12 + 12) % 12))
            .ToArray();
        _index = _pitches.Length / 2;
    }

    public void WriteBar(int barInSection, long start, long barTicks, Chord chord, int velocity)
    {
        Pcg32 rng = _ctx.Rng;
        int stepsPerBar = (int)(barTicks / Quarter) * 2;
        bool firstOfPhrase = barInSection % 2 == 0;
        if (firstOfPhrase)
        {
            _previousPhrase = _phrase;
            _phrase = [];
        }

        int phraseIndex = barInSection / 2;
        bool repeat = phraseIndex % 2 == 1 && _previousPhrase.Count > 0 && rng.Chance(0.65);
        int offset = firstOfPhrase ? 0 : stepsPerBar;
        var events = new List<(int Step, int Index)>();
        if (repeat)
        {
            events.AddRange(_previousPhrase.Where(e => e.Step >= offset && e.Step < offset + stepsPerBar)
                .Select(e => (e.Step - offset, e.Index)));
        }
        else
        {
            for (int step = 0; step < stepsPerBar; step++)
            {
                bool strong = step % 4 == 0;
                double p = strong ? Math.Min(1, _density * 1.5) : _density;
                if (!firstOfPhrase && step >= stepsPerBar - 2)
                {
                    p *= 0.3; // breathe at the end of a phrase
                }

                if (!rng.Chance(p))
                {
                    continue;
                }

                int move = rng.Pick(Moves);
                _index = Math.Clamp(_index + move, 0, _pitches.Length - 1);
                if (strong)
                {
                    _index = NearestChordTone(chord, _index);
                }

                events.Add((step, _index));
            }
        }

        // A repeated phrase ends on a chord tone of the current chord.
        if (repeat && events.Count > 0)
        {
            (int s, int i) = events[^1];
            events[^1] = (s, NearestChordTone(chord, i));
        }

        for (int e = 0; e < events.Count; e++)
        {
            (int step, int index) = events[e];
            int nextStep = e + 1 < events.Count ? events[e + 1].Step : stepsPerBar;
            long duration = (long)((nextStep - step) * (Quarter / 2) * 0.92);
            int accent = step % 4 == 0 ? 6 : step % 2 == 0 ? 0 : -6;
            _ctx.AddNote(_track, start + step * (Quarter / 2), duration, _pitches[index], velocity + accent, tripletGrid: false);
            _phrase.Add((step + offset, index));
        }
    }

    private static readonly int[] Moves = [-3, -2, -1, -1, -1, 0, 1, 1, 1, 2, 2, 3, 4, -4];

    private int NearestChordTone(Chord chord, int index)
    {
        int[] tones = chord.Intervals.Select(i => (_ctx.Tonic + chord.Root + i) % 12).ToArray();
        for (int d = 0; d < _pitches.Length; d++)
        {
            foreach (int candidate in new[] { index - d, index + d })
            {
                if (candidate >= 0 && candidate < _pitches.Length && tones.Contains(_pitches[candidate] % 12))
                {
                    return candidate;
                }
            }
        }

        return index;
    }
}
