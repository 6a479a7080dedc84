using Timbre.Core.Catalog;

namespace Timbre.Web.Backend;

/// <summary>
/// Turns one audio file into what a trained model says about it (embedding, genre probabilities, summary features):
/// the same analysis <c>timbre scan</c> stores in the catalog, so uploaded songs compare with library tracks.
/// </summary>
public interface ITrackAnalyzer
{
    /// <summary>Id of the model package; analyses of other models are never compared with this one's.</summary>
    string ModelId { get; }

    /// <summary>Version of the feature pipeline.</summary>
    int FeatureVersion { get; }

    /// <summary>The model's genre labels, in output order.</summary>
    IReadOnlyList<string> GenreLabels { get; }

    /// <summary>
    /// Analyses <paramref name="audioFile"/>; the record's <see cref="AnalysisRecord.TrackId"/> is 0.
    /// Throws <see cref="Timbre.Core.Errors.AudioDecodingException"/> when the file is not audio.
    /// </summary>
    AnalysisRecord Analyze(string audioFile, CancellationToken cancellationToken);
}
