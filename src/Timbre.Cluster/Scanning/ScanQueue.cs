namespace Timbre.Cluster.Scanning;

/// <summary>
/// The coordinator's state, without Orleans: jobs, their batches and the leases on them. At-least-once: a batch is
/// handed out again when its lease runs out, its silo is dead or released it (stopping), or its scan failed (up to
/// <see cref="ScanJob.MaxAttempts"/>); the first completion wins and later ones are ignored (the writes are
/// idempotent, so a batch scanned twice leaves the same rows). Not thread-safe: the grain calls it one turn at a time.
/// </summary>
internal sealed class ScanQueue
{
    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);
    private readonly Dictionary<Guid, JobState> _jobs = [];

    /// <summary>Adds a job (ignored when its id is already held); batches listed in <see cref="ScanJob.DoneBy"/> stay done.</summary>
    public ScanJobStatus Submit(ScanJob job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.LeaseSeconds < 1 || job.MaxAttempts < 1 || job.Workers is < 1 or > 256)
        {
            throw new ArgumentException("A scan job needs LeaseSeconds ≥ 1, MaxAttempts ≥ 1 and Workers 1–256.", nameof(job));
        }

        foreach (var id in _jobs.Where(j => j.Value.FinishedAt is { } at && now - at > KeepFinished).Select(j => j.Key).ToList())
        {
            _jobs.Remove(id);
        }

        if (!_jobs.TryGetValue(job.Id, out var state))
        {
            state = new JobState(job);
            _jobs.Add(job.Id, state);
            state.UpdateFinished(now);
        }

        return state.Status();
    }

    /// <summary>The next batch for <paramref name="silo"/> (oldest job first), or null when nothing waits.</summary>
    public ScanLease? Lease(string silo, DateTimeOffset now, IReadOnlySet<string>? deadSilos = null)
    {
        Reclaim(now, deadSilos);
        foreach (var job in _jobs.Values)
        {
            var batch = job.NextPending();
            if (batch < 0)
            {
                continue;
            }

            var lease = new ScanLease
            {
                JobId = job.Job.Id,
                Batch = batch,
                LeaseId = Guid.NewGuid(),
                Job = job.Settings,
                Files = job.Job.Batches[batch],
                Expires = now + TimeSpan.FromSeconds(job.Job.LeaseSeconds),
            };
            job.Batches[batch] = job.Batches[batch] with { Lease = lease, Silo = silo, Attempts = job.Batches[batch].Attempts + 1 };
            return lease;
        }

        return null;
    }

    /// <summary>Extends a lease; false when it is no longer the batch's lease (done elsewhere or handed out again).</summary>
    public bool Renew(Guid jobId, int batch, Guid leaseId, DateTimeOffset now)
    {
        if (!TryGet(jobId, batch, out var job) || job.Batches[batch].Lease?.LeaseId != leaseId)
        {
            return false;
        }

        var b = job.Batches[batch];
        job.Batches[batch] = b with { Lease = b.Lease! with { Expires = now + TimeSpan.FromSeconds(job.Job.LeaseSeconds) } };
        return true;
    }

    /// <summary>Records a batch done by <paramref name="silo"/> (whatever lease it held: the work is done); repeats are ignored.</summary>
    public void Complete(Guid jobId, int batch, string silo, BatchResult result, DateTimeOffset now)
    {
        if (!TryGet(jobId, batch, out var job) || job.Batches[batch].DoneBy is not null)
        {
            return;
        }

        job.Batches[batch] = job.Batches[batch] with { DoneBy = silo, Lease = null, Error = null };
        job.Totals = job.Totals.Plus(result);
        job.UpdateFinished(now);
    }

    /// <summary>
    /// Gives a batch back: <paramref name="error"/> null when its silo is stopping (handed out again at once), else the
    /// scan failed (handed out again until <see cref="ScanJob.MaxAttempts"/>, then given up).
    /// </summary>
    public void Release(Guid jobId, int batch, Guid leaseId, string? error, DateTimeOffset now)
    {
        if (!TryGet(jobId, batch, out var job) || job.Batches[batch].Lease?.LeaseId != leaseId)
        {
            return;
        }

        var b = job.Batches[batch];
        if (error is not null && b.Attempts >= job.Job.MaxAttempts)
        {
            job.Batches[batch] = b with { Lease = null, Error = error, GivenUp = true };
        }
        else
        {
            job.Batches[batch] = b with { Lease = null, Error = error, Attempts = error is null ? b.Attempts - 1 : b.Attempts };
            job.Reassigned++;
        }

        job.UpdateFinished(now);
    }

    /// <summary>Drops the pending batches of a job; leased ones finish.</summary>
    public void Cancel(Guid jobId, DateTimeOffset now)
    {
        if (_jobs.TryGetValue(jobId, out var job))
        {
            job.Cancelled = true;
            job.UpdateFinished(now);
        }
    }

    /// <summary>The job's status, or null when this coordinator does not hold it.</summary>
    public ScanJobStatus? Status(Guid jobId, DateTimeOffset now, IReadOnlySet<string>? deadSilos = null)
    {
        Reclaim(now, deadSilos);
        return _jobs.TryGetValue(jobId, out var job) ? job.Status() : null;
    }

    /// <summary>Pending and leased batches over every job.</summary>
    public ScanQueueDepth Depth(DateTimeOffset now, IReadOnlySet<string>? deadSilos = null)
    {
        Reclaim(now, deadSilos);
        var leased = _jobs.Values.SelectMany(j => j.Batches).Where(b => b.Lease is not null).ToList();
        return new ScanQueueDepth
        {
            ActiveJobs = _jobs.Values.Count(j => j.FinishedAt is null),
            Pending = _jobs.Values.Sum(j => j.PendingCount),
            Leased = leased.Count,
            LeasedBySilo = leased.GroupBy(b => b.Silo!).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    /// <summary>Takes back leases that ran out or whose silo is dead.</summary>
    private void Reclaim(DateTimeOffset now, IReadOnlySet<string>? deadSilos)
    {
        foreach (var job in _jobs.Values)
        {
            for (var i = 0; i < job.Batches.Length; i++)
            {
                var b = job.Batches[i];
                if (b.Lease is { } lease && (lease.Expires <= now || (deadSilos?.Contains(b.Silo!) ?? false)))
                {
                    job.Batches[i] = b with { Lease = null };
                    job.Reassigned++;
                }
            }

            job.UpdateFinished(now);
        }
    }

    private bool TryGet(Guid jobId, int batch, out JobState job) =>
        _jobs.TryGetValue(jobId, out job!) && batch >= 0 && batch < job.Batches.Length;

    private sealed record BatchState(ScanLease? Lease = null, string? Silo = null, string? DoneBy = null, int Attempts = 0, string? Error = null, bool GivenUp = false)
    {
        public bool IsPending => DoneBy is null && Lease is null && !GivenUp;
    }

    private sealed class JobState
    {
        public JobState(ScanJob job)
        {
            Job = job;
            Settings = job with { Batches = [], DoneBy = [] };
            Batches = [.. job.Batches.Select((_, i) => new BatchState(DoneBy: i < job.DoneBy.Length ? job.DoneBy[i] : null))];
        }

        public ScanJob Job { get; }

        /// <summary>The job without its batches: what a lease carries, so a lease costs its own batch, not the library's list.</summary>
        public ScanJob Settings { get; }

        public BatchState[] Batches { get; }

        public BatchResult Totals { get; set; } = new();

        public int Reassigned { get; set; }

        public bool Cancelled { get; set; }

        public DateTimeOffset? FinishedAt { get; private set; }

        public int PendingCount => Cancelled ? 0 : Batches.Count(b => b.IsPending);

        public int NextPending() => Cancelled ? -1 : Array.FindIndex(Batches, b => b.IsPending);

        public void UpdateFinished(DateTimeOffset now)
        {
            if (FinishedAt is null && PendingCount == 0 && Batches.All(b => b.Lease is null))
            {
                FinishedAt = now;
            }
        }

        public ScanJobStatus Status() => new()
        {
            JobId = Job.Id,
            Batches = Batches.Length,
            Pending = PendingCount,
            Leased = Batches.Count(b => b.Lease is not null),
            DoneBy = [.. Batches.Select(b => b.DoneBy)],
            FailedBatches = [.. Batches.Select((b, i) => (b, i)).Where(x => x.b.GivenUp).Select(x => $"batch {x.i}: {x.b.Error}")],
            Totals = Totals,
            Reassigned = Reassigned,
            Cancelled = Cancelled,
        };
    }
}
