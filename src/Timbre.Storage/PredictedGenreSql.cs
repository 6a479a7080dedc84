using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary>
/// The predicted-genre SQL both backends share: <c>analyses.top_genre</c> (<see cref="TopGenre"/> of the row's genre
/// probabilities, written with the row) of the source's set, and an analysis of each of its other sets.
/// The <c>fold</c> arguments fold a text column or parameter as the engine's case-insensitive index does.
/// </summary>
internal static class PredictedGenreSql
{
    /// <summary>Most ids one <see cref="Select"/> lists (SQLite binds at most 32 766 parameters).</summary>
    public const int MaxIds = 500;

    /// <summary>
    /// A page's condition on the outer <c>tracks</c> row: one probe of the unique (track, model, version) index per row,
    /// so a page walks the sort's index and stops when it is full.
    /// </summary>
    public static string PageCondition(PredictedGenreSource source, Func<string, string> fold) =>
        $"EXISTS (SELECT 1 FROM analyses pg WHERE pg.track_id = tracks.id AND pg.model_id = @pgModel AND pg.feature_version = @pgVersion AND {fold("pg.top_genre")} = {fold("@pgLabel")})"
        + AlsoAnalysed(source, "tracks.id");

    /// <summary>The count's condition: the genre's rows read from the (model, version, genre) index, each track looked up by id.</summary>
    public static string CountCondition(PredictedGenreSource source, Func<string, string> fold) =>
        $"tracks.id IN (SELECT pg.track_id FROM analyses pg WHERE pg.model_id = @pgModel AND pg.feature_version = @pgVersion AND {fold("pg.top_genre")} = {fold("@pgLabel")})"
        + AlsoAnalysed(source, "tracks.id");

    /// <summary>The parameters of <see cref="PageCondition"/> and <see cref="CountCondition"/>.</summary>
    public static IEnumerable<(string Name, object Value)> Parameters(PredictedGenreFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [.. SourceParameters(filter.Source), ("pgLabel", filter.Label.Trim())];
    }

    /// <summary>Track id and predicted genre of the listed ids (<c>@id0</c> … <c>@id{count-1}</c>) that have one from the source.</summary>
    public static string Select(PredictedGenreSource source, int count) =>
        $"""
        SELECT a.track_id, a.top_genre FROM analyses a
        WHERE a.model_id = @pgModel AND a.feature_version = @pgVersion AND a.top_genre IS NOT NULL
          AND a.track_id IN ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@id{i}"))}){AlsoAnalysed(source, "a.track_id")}
        """;

    /// <summary>The parameters of <see cref="Select"/> for <paramref name="ids"/>.</summary>
    public static IEnumerable<(string Name, object Value)> SelectParameters(PredictedGenreSource source, IReadOnlyList<long> ids) =>
        [.. SourceParameters(source), .. ids.Select((id, i) => ($"id{i}", (object)id))];

    private static IEnumerable<(string Name, object Value)> SourceParameters(PredictedGenreSource source)
    {
        yield return ("pgModel", source.ModelId);
        yield return ("pgVersion", source.FeatureVersion);
        for (var i = 0; i < source.AlsoAnalysedBy.Count; i++)
        {
            yield return ($"pgAlsoModel{i}", source.AlsoAnalysedBy[i].ModelId);
            yield return ($"pgAlsoVersion{i}", source.AlsoAnalysedBy[i].FeatureVersion);
        }
    }

    private static string AlsoAnalysed(PredictedGenreSource source, string trackId) => string.Concat(source.AlsoAnalysedBy.Select((_, i) =>
        $" AND EXISTS (SELECT 1 FROM analyses pa{i} WHERE pa{i}.track_id = {trackId} AND pa{i}.model_id = @pgAlsoModel{i} AND pa{i}.feature_version = @pgAlsoVersion{i})"));
}
