namespace Timbre.Testing.Catalog;

/// <summary>
/// Rows an older catalog holds before the predicted-genre step, as raw SQL values, and the genre the step must fill
/// in: ties keep the first label, NaN and −∞ never win, all-negative vectors still have a top, and a set without
/// labels (or a vector of no valid value) has none. Each store's migration test inserts them in its own literal syntax.
/// </summary>
public static class PredictedGenreBackfill
{
    /// <summary>The labelled set's model id and its labels as stored (JSON).</summary>
    public const string Model = "backfill";

    /// <summary>The labels of <see cref="Model"/> as stored.</summary>
    public const string LabelsJson = """["calm","loud","odd"]""";

    /// <summary>A set whose analyses have no labels and no probabilities.</summary>
    public const string UnlabelledModel = "plain";

    /// <summary>Track id, little-endian float32 probabilities in hex (labelled set), and the expected predicted genre.</summary>
    public static IReadOnlyList<(long TrackId, string ProbabilitiesHex, string? Expected)> Rows { get; } =
    [
        (1, "0000803E" + "0000003F" + "0000803E", "loud"), // 0.25 0.5 0.25
        (2, "0000C07F" + "0000803E" + "0000003F", "odd"), // NaN 0.25 0.5
        (3, "000080BF" + "000000BF" + "000080BF", "loud"), // -1 -0.5 -1
        (4, "0000003F" + "0000003F" + "0000803E", "calm"), // 0.5 0.5 0.25: the first of a tie
        (5, "000080FF" + "0000C07F" + "000080FF", null), // -inf NaN -inf
        (6, "00000000" + "00000080" + "0000803F", "odd"), // 0 -0 1
    ];

    /// <summary>The SQL that fills an older catalog, with <paramref name="blob"/> turning hex into the engine's binary literal.</summary>
    public static IEnumerable<string> Inserts(Func<string, string> blob)
    {
        yield return "INSERT INTO tracks (id, path, size_bytes, mtime_ticks) VALUES " + string.Join(", ", Rows.Select(r => $"({r.TrackId}, '/old/{r.TrackId}.mp3', 5, 0)"));
        yield return $"INSERT INTO analysis_sets VALUES ('{Model}', 1, 1, 0, '{LabelsJson}'), ('{UnlabelledModel}', 1, 1, 0, '[]')";
        yield return "INSERT INTO analyses (track_id, model_id, feature_version, embedding, genre_probs, summary, analysed_at) VALUES "
            + string.Join(", ", Rows.Select(r => $"({r.TrackId}, '{Model}', 1, {blob("0000803F")}, {blob(r.ProbabilitiesHex)}, {blob("")}, 0)"))
            + ", " + string.Join(", ", Rows.Select(r => $"({r.TrackId}, '{UnlabelledModel}', 1, {blob("0000803F")}, {blob("")}, {blob("")}, 0)"));
    }
}
