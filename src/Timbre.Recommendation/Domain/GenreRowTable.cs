using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Timbre.Recommendation.Domain;

/// <summary>
/// Genre probability rows in one row-major array (<see cref="Stride"/>: the genre count rounded up to a multiple of 8,
/// zero-padded, so a SIMD kernel scores four rows per pass) with each row's L2 norm. When few distinct rows repeat
/// (a tagged catalog: one one-hot row per label) the table holds each distinct row once and <see cref="GroupOfRow"/>
/// maps every track row to it: a profile scores a handful of rows and copies the scores out, bit-identical to scoring
/// every row (the kernel scores each row the same wherever it lies).
/// </summary>
/// <param name="Matrix">Rows × <paramref name="Stride"/> values.</param>
/// <param name="Norms">L2 norm per row of <paramref name="Matrix"/>.</param>
/// <param name="Stride">Floats per row.</param>
/// <param name="GroupOfRow">Row of <paramref name="Matrix"/> of each track row, or null when the matrix has every track row.</param>
internal sealed record GenreRowTable(float[] Matrix, float[] Norms, int Stride, int[]? GroupOfRow)
{
    private GenreBlocks? _blocks;

    /// <summary>The block bounds of this (ungrouped) table for <paramref name="genres"/> genres, built on first use.</summary>
    public GenreBlocks Blocks(int genres) => LazyInitializer.EnsureInitialized(ref _blocks, () => GenreBlocks.Of(this, genres));

    private int[][]? _rowsOfGroup;

    /// <summary>The track rows of each group of a grouped table, ascending, built on first use.</summary>
    public int[][] RowsOfGroup() => LazyInitializer.EnsureInitialized(ref _rowsOfGroup, () =>
    {
        var groupOfRow = GroupOfRow ?? throw new InvalidOperationException("The table is not grouped.");
        var counts = new int[Norms.Length];
        foreach (var g in groupOfRow)
        {
            counts[g]++;
        }

        var rows = counts.Select(c => new int[c]).ToArray();
        Array.Clear(counts);
        for (var r = 0; r < groupOfRow.Length; r++)
        {
            rows[groupOfRow[r]][counts[groupOfRow[r]]++] = r;
        }

        return rows;
    });

    /// <summary>
    /// Of a grouped table whose groups scored <paramref name="groupScores"/>: the first <paramref name="k"/> track rows in
    /// the scan's order (score descending, ties by the lower row; NaN groups left out), ascending by row, with their
    /// scores — every row of the catalog not returned ranks after all of them.
    /// </summary>
    public (int[] Rows, float[] Scores) BestOfGroups(float[] groupScores, int k)
    {
        var rowsOfGroup = RowsOfGroup();
        var groups = Enumerable.Range(0, groupScores.Length).Where(g => !float.IsNaN(groupScores[g])).ToArray();
        var keys = groups.Select(g => -groupScores[g]).ToArray();
        Array.Sort(keys, groups);
        var taken = new List<(int Row, float Score)>();
        for (var i = 0; i < groups.Length && taken.Count < k;)
        {
            // Groups of one score tie: their rows compete by row number, so take the lowest of them together.
            var j = i;
            while (j < groups.Length && keys[j] == keys[i])
            {
                j++;
            }

            var want = k - taken.Count;
            var tied = groups[i..j].SelectMany(g => rowsOfGroup[g].Take(want)).Order().Take(want);
            taken.AddRange(tied.Select(r => (r, -keys[i])));
            i = j;
        }

        taken.Sort((a, b) => a.Row.CompareTo(b.Row));
        return ([.. taken.Select(t => t.Row)], [.. taken.Select(t => t.Score)]);
    }

    /// <summary>The table of <paramref name="tracks"/>; grouped when at most <paramref name="maxGroups"/> distinct rows (default: a sixteenth of the rows, at least 64).</summary>
    public static GenreRowTable Of(IReadOnlyList<TrackFeatures> tracks, int genres, int? maxGroups = null)
    {
        var stride = (genres + 7) / 8 * 8;
        var groups = Groups(tracks, maxGroups ?? Math.Max(64, tracks.Count / 16));
        var rows = groups?.First ?? [.. Enumerable.Range(0, tracks.Count)];
        var matrix = new float[(long)rows.Count * stride];
        var norms = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var p = tracks[rows[i]].GenreProbabilities;
            p.CopyTo(matrix, (long)i * stride);
            norms[i] = TensorPrimitives.Norm(p);
        }

        return new GenreRowTable(matrix, norms, stride, groups?.GroupOfRow);
    }

    /// <summary>The first track row of each distinct row and each track row's group, or null past <paramref name="maxGroups"/> (or on a hash collision).</summary>
    private static (List<int> First, int[] GroupOfRow)? Groups(IReadOnlyList<TrackFeatures> tracks, int maxGroups)
    {
        var first = new List<int>();
        var groupOfRow = new int[tracks.Count];
        var byHash = new Dictionary<ulong, int>();
        for (var r = 0; r < tracks.Count; r++)
        {
            var bytes = MemoryMarshal.AsBytes(tracks[r].GenreProbabilities.AsSpan());
            var hash = XxHash3.HashToUInt64(bytes);
            if (byHash.TryGetValue(hash, out var group))
            {
                if (!bytes.SequenceEqual(MemoryMarshal.AsBytes(tracks[first[group]].GenreProbabilities.AsSpan())))
                {
                    return null;
                }

                groupOfRow[r] = group;
                continue;
            }

            if (first.Count == maxGroups)
            {
                return null;
            }

            byHash[hash] = groupOfRow[r] = first.Count;
            first.Add(r);
        }

        return (first, groupOfRow);
    }
}
