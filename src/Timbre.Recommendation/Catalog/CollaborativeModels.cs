using System.Diagnostics;
using Timbre.Recommendation.Domain;
using Timbre.Recommendation.Recommenders;

namespace Timbre.Recommendation.Catalog;

/// <summary>
/// The collaborative models of a chain of live snapshots (one load, then likes and added tracks applied), shared by
/// every snapshot of the chain: a model is built once, synchronously, on its first use; after that a request always
/// gets the last model built, and a stale one (<see cref="ModelRefreshOptions"/>) is rebuilt in the background over
/// the newest snapshot, one rebuild per method at a time. Thread-safe.
/// </summary>
internal sealed class CollaborativeModels(ModelRefreshOptions options)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private int _builds;

    /// <summary>Models built so far (first builds and background rebuilds).</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>
    /// The model of <paramref name="entry"/>: the last one built (a stale one starts a rebuild over
    /// <paramref name="context"/>, which has seen <paramref name="applied"/> interactions since the chain's load).
    /// </summary>
    public IRecommender Get(MethodEntry entry, RecommendationContext context, long applied)
    {
        Slot slot;
        lock (_lock)
        {
            if (!_slots.TryGetValue(entry.Name, out slot!))
            {
                slot = new Slot(new Lazy<Built>(() => Build(entry, context, applied)));
                _slots[entry.Name] = slot;
            }
        }

        var built = slot.First.Value;
        lock (_lock)
        {
            built = slot.Latest ?? built;
            var stale = !ReferenceEquals(built.Tracks, context.Tracks)
                || applied - built.Applied >= options.AfterInteractions
                || (applied > built.Applied && built.Clock.Elapsed >= options.Interval);
            if (stale && (slot.Refresh is null || slot.Refresh.IsCompleted))
            {
                slot.Refresh = Task.Run(() =>
                {
                    var fresh = Build(entry, context, applied);
                    lock (_lock)
                    {
                        if (slot.Latest is null || slot.Latest.Applied <= fresh.Applied)
                        {
                            slot.Latest = fresh;
                        }
                    }
                });
            }
        }

        return built.Model;
    }

    /// <summary>Completes when the rebuilds running now are done (for tests and shutdown).</summary>
    public Task Refreshes()
    {
        lock (_lock)
        {
            return Task.WhenAll(_slots.Values.Select(s => s.Refresh).OfType<Task>());
        }
    }

    private Built Build(MethodEntry entry, RecommendationContext context, long applied)
    {
        var model = entry.Create(context);
        Interlocked.Increment(ref _builds);
        return new Built(model, context.Tracks, applied, Stopwatch.StartNew());
    }

    private sealed record Built(IRecommender Model, IReadOnlyList<TrackFeatures> Tracks, long Applied, Stopwatch Clock);

    private sealed class Slot(Lazy<Built> first)
    {
        public Lazy<Built> First { get; } = first;

        public Built? Latest { get; set; }

        public Task? Refresh { get; set; }
    }
}
