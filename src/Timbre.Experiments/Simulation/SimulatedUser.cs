using Timbre.Recommendation.Domain;

namespace Timbre.Experiments.Simulation;

/// <summary>A simulated listener: preferred genres, the interactions the recommenders may see, and hidden likes.</summary>
/// <param name="Id">User id.</param>
/// <param name="PreferredGenres">Labels of the genres the user likes (1 for single-category users, 2–3 otherwise).</param>
/// <param name="Known">Interactions given to the recommenders (ratings 4–5 on liked tracks, 1–2 on a few others).</param>
/// <param name="HeldOut">Liked tracks hidden from the recommenders; the relevant set of the ranking metrics.</param>
public sealed record SimulatedUser(string Id, IReadOnlySet<string> PreferredGenres, IReadOnlyList<Interaction> Known, IReadOnlySet<long> HeldOut)
{
    /// <summary>True for users with several preferred genres.</summary>
    public bool IsMultiCategory => PreferredGenres.Count > 1;
}
