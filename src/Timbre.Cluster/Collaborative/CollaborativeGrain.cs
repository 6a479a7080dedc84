using System.Diagnostics;
using Timbre.Cluster.Search;
using Timbre.Core.Catalog;
using Timbre.Recommendation.Catalog;
using Timbre.Recommendation.Collaborative;
using Timbre.Recommendation.Recommenders;
using Timbre.Storage;

namespace Timbre.Cluster.Collaborative;

/// <summary>
/// The grain behind <see cref="ICollaborativeGrain"/>: opens the catalog once, fits <see cref="UserKnnModel"/> on
/// first use over every stored interaction with the tracks the shards hold, and fits again (inside the call, so the
/// answer includes the change) when the catalog's change feed moved since the last fit.
/// </summary>
[KeepAlive]
internal sealed class CollaborativeGrain : Grain, ICollaborativeGrain
{
    private ICatalogStore? _store;
    private UserKnnModel? _model;
    private long _seenVersion;
    private long _checkedAt;
    private Task? _refit;
    private CfInfo _info = new();

    /// <inheritdoc />
    public async Task<CfAnswer> UserKnn(ShardSpec spec, CfQuery query)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.K);
        var model = await Current(spec, query);
        var user = CatalogSnapshot.UserKey(query.UserId);
        if (model.Scores(user) is not { } scores)
        {
            return new CfAnswer();
        }

        var known = model.KnownOf(user);
        var candidates = scores.Where(p => !known.Contains(p.Key)).ToList();
        var best = candidates.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(query.K).ToList();
        var seeds = model.WeightsOf(user);
        return new CfAnswer
        {
            Scored = true,
            Ids = [.. best.Select(p => p.Key)],
            Scores = [.. best.Select(p => p.Value)],
            Candidates = candidates.Count,
            SeedIds = [.. seeds.Select(s => s.Id)],
            SeedWeights = [.. seeds.Select(s => s.Weight)],
        };
    }

    /// <inheritdoc />
    public async Task<CfHybrid> Hybrid(ShardSpec spec, CfQuery query)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(query);
        var model = await Current(spec, query);
        var user = CatalogSnapshot.UserKey(query.UserId);
        var known = model.KnownOf(user);
        var seeds = model.WeightsOf(user);
        var answer = new CfHybrid { Known = [.. known.Order()], SeedIds = [.. seeds.Select(s => s.Id)], SeedWeights = [.. seeds.Select(s => s.Weight)] };
        if (model.Scores(user) is not { } scores)
        {
            return answer;
        }

        var (ids, z, floor) = HybridMerge.Standardised(scores);
        var options = HybridOptions.Default;
        var kept = Enumerable.Range(0, ids.Length).Where(i => !known.Contains(ids[i])).ToList();
        return answer with
        {
            Scored = true,
            Ids = [.. kept.Select(i => ids[i])],
            Shrunk = [.. kept.Select(i => float.IsNaN(z[i]) ? z[i] : (float)(z[i] * HybridMerge.ItemShrink(model.SupportOf(ids[i]), options)))],
            Floor = floor,
        };
    }

    /// <inheritdoc />
    public async Task<int[]> Support(ShardSpec spec, long[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var model = await Current(spec, new CfQuery());
        return [.. ids.Select(model.SupportOf)];
    }

    /// <inheritdoc />
    public Task<CfInfo> Info() => Task.FromResult(_info);

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _store?.Dispose();
        _store = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// The model, fitted again when the change feed moved (checked at most once per <see cref="CfQuery.ChangeCheck"/>):
    /// inside the call while fits are quick, so the answer includes the change; in the background, answering from the
    /// previous model meanwhile, once a fit took longer than <see cref="CfQuery.WaitForFit"/> (a large catalog).
    /// </summary>
    private async Task<UserKnnModel> Current(ShardSpec spec, CfQuery query)
    {
        _store ??= CatalogStores.Open(spec.Catalog, create: false);
        if (_model is not null && Environment.TickCount64 - _checkedAt < query.ChangeCheck.TotalMilliseconds)
        {
            return _model;
        }

        // The feed first: a commit that lands while the interactions are read is seen at the next check.
        var version = _store.ChangeVersion();
        _checkedAt = Environment.TickCount64;
        if (_model is not null && version == _seenVersion)
        {
            return _model;
        }

        if (_model is not null && _info.FitMs > query.WaitForFit.TotalMilliseconds)
        {
            if (_refit is null || _refit.IsCompleted)
            {
                _refit = Fit(spec, query, version, background: true);
            }

            return _model;
        }

        await Fit(spec, query, version, background: false);
        return _model!;
    }

    private async Task Fit(ShardSpec spec, CfQuery query, long version, bool background)
    {
        var held = await HeldIds(spec);
        var store = _store!;
        if (!background)
        {
            _model = null; // the previous model's memory is free for this fit (and a measurement sees this one alone)
        }

        var before = query.MeasureMemory ? GC.GetTotalMemory(forceFullCollection: true) : 0;
        var clock = Stopwatch.StartNew();
        var model = await Task.Run(() => UserKnnModel.Fit(store.ReadAllInteractions().Select(CatalogSnapshot.InteractionOf), held));
        var after = query.MeasureMemory ? GC.GetTotalMemory(forceFullCollection: true) : 0;
        _model = model;
        _seenVersion = version;
        _info = new CfInfo
        {
            Users = model.UserCount, Items = model.ItemCount, Weights = model.Weights, Fits = _info.Fits + 1, HeapBefore = before, HeapAfter = after, FitMs = clock.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>Every track id the index's shards hold (the snapshot's rows).</summary>
    private async Task<HashSet<long>> HeldIds(ShardSpec spec)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, spec.Count).Select(s => GrainFactory.GetGrain<IIndexShardGrain>(spec.GrainKey(s)).Ids(spec, s)));
        return [.. ids.SelectMany(i => i)];
    }
}
