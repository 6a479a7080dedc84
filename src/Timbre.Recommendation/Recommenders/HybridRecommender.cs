using System.Globalization;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Ranking;

namespace Timbre.Recommendation.Recommenders;

/// <summary>
/// Content + CF blend. Both score vectors are standardised (z-scores over the rows they score); per candidate
/// score = (1 − a)·z_content + a·z'_cf with a = MaxCfWeight · n_u/(n_u + K_u), n_u the user's known tracks, and
/// z'_cf = z_cf · m_i/(m_i + K_i), m_i the users who touched track i (few ratings, less trust). Cold start falls out of
/// the rule: a new user (n_u = 0) gets a = 0, i.e. pure content; a new song (m_i = 0) gets the average CF score (0), so
/// only its sound can lift it; a track other listeners touched but the user's CF cannot score (NaN) gets the lowest CF
/// z-score (no support is evidence against it); without any CF scorer content alone is used; with no content signal
/// (no seeds, no likes) popularity is the last resort.
/// </summary>
public sealed class HybridRecommender : IRecommender
{
    private readonly RecommendationContext _context;
    private readonly ICandidateScorer _content;
    private readonly ICandidateScorer _cf;
    private readonly HybridOptions _options;
    private readonly int[] _itemSupport;

    /// <summary>Blends a content scorer (e.g. <see cref="SimilarSongsRecommender"/>) with a CF scorer (e.g. ALS).</summary>
    public HybridRecommender(RecommendationContext context, ICandidateScorer content, ICandidateScorer cf, HybridOptions? options = null)
    {
        _context = context;
        _content = content;
        _cf = cf;
        _options = (options ?? HybridOptions.Default).Validate();
        _itemSupport = new int[context.Tracks.Count];
        foreach (var user in context.Users)
        {
            foreach (var row in context.WeightsOf(user).Keys)
            {
                _itemSupport[row]++;
            }
        }
    }

    /// <inheritdoc />
    public string Name => "hybrid";

    /// <summary>The CF weight a for a user with <paramref name="knownTracks"/> known tracks.</summary>
    public double CfWeight(int knownTracks)
        => _options.MaxCfWeight * knownTracks / (knownTracks + _options.UserHalfConfidence);

    /// <summary>Shrinks a CF z-score towards the average for a track touched by few users: m_i / (m_i + K_i).</summary>
    public double ItemShrink(int itemUsers) => itemUsers / (itemUsers + _options.ItemHalfConfidence);

    /// <inheritdoc />
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request)
    {
        var seeds = SeedResolver.Resolve(_context, request);
        var content = _content.ScoreAll(request);
        var cf = request.UserId is null ? null : _cf.ScoreAll(request);
        if (content is null && cf is null)
        {
            var popular = new PopularityRecommender(_context);
            return CandidateSelector.Select(_context, popular.ScoreAll(request), request, seeds, _ => "cold start: popular with other listeners");
        }

        var known = request.UserId is null ? 0 : _context.WeightsOf(request.UserId).Count;
        var zc = content is null ? null : Standardise(content);
        var zf = cf is null ? null : Standardise(cf);
        var scores = new float[_context.Tracks.Count];
        var weights = new double[scores.Length];
        var cfFloor = zf is null ? float.NaN : MinFinite(zf);
        var userWeight = CfWeight(known);
        for (var r = 0; r < scores.Length; r++)
        {
            var c = zc?[r] ?? float.NaN;
            var f = zf?[r] ?? float.NaN;
            if (zf is not null)
            {
                // Touched by others but unsupported by this user's CF: the lowest CF score. Touched by nobody (a new
                // song): CF knows nothing, so the average (z = 0), leaving the content part to speak for it.
                f = float.IsNaN(f) ? (_itemSupport[r] > 0 ? cfFloor : 0f) : (float)(f * ItemShrink(_itemSupport[r]));
            }

            var a = float.IsNaN(f) ? 0 : float.IsNaN(c) ? 1 : userWeight;
            weights[r] = _itemSupport[r] == 0 ? 0 : a;
            scores[r] = a == 0 ? c : a == 1 ? f : (float)(((1 - a) * c) + (a * f));
        }

        return CandidateSelector.Select(_context, scores, request, seeds, r =>
            string.Create(CultureInfo.InvariantCulture, $"{1 - weights[r]:P0} sound, {weights[r]:P0} listeners"));
    }

    private static float MinFinite(float[] z)
    {
        var min = float.NaN;
        foreach (var v in z)
        {
            if (float.IsFinite(v) && !(v >= min))
            {
                min = v;
            }
        }

        return min;
    }

    private static float[] Standardise(float[] s)
    {
        double sum = 0, sq = 0;
        var n = 0;
        foreach (var v in s)
        {
            if (float.IsFinite(v))
            {
                sum += v;
                sq += (double)v * v;
                n++;
            }
        }

        var mean = n > 0 ? sum / n : 0;
        var sd = n > 1 ? Math.Sqrt(Math.Max(0, (sq / n) - (mean * mean))) : 0;
        var z = new float[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            z[i] = float.IsFinite(s[i]) ? (float)(sd > 0 ? (s[i] - mean) / sd : 0) : float.NaN;
        }

        return z;
    }
}
