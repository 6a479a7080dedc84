namespace Timbre.Recommendation.Metric;

/// <summary>
/// One user's likes and dislikes as row indices into the training vectors. Liked-with-liked pairs are positives and
/// liked-with-disliked pairs negatives (the triplet method only; LDA uses groups alone).
/// </summary>
/// <param name="Liked">Rows the user liked.</param>
/// <param name="Disliked">Rows the user disliked.</param>
public sealed record PreferenceSet(IReadOnlyList<int> Liked, IReadOnlyList<int> Disliked);
