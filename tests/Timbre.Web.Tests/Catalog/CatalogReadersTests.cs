using System.Reflection;
using Timbre.Analyzers;
using Timbre.Audio;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Storage.Sqlite;
using Timbre.Web.Catalog;

namespace Timbre.Web.Tests.Catalog;

/// <summary>
/// The reader pool over a real SQLite catalog: reads see committed writes, and a read proceeds while a slow write
/// holds the writer (without the pool the same read waits for it); catalog-wide searches run one at a time.
/// </summary>
public sealed class CatalogReadersTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Db => _dir.File("catalog.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_use_the_pool_and_see_the_writers_commits()
    {
        using var backend = new CatalogBackend(
            new SqliteCatalogStore(Db), AudioDecoders.CreateDefault(), new SummaryFeatureAnalyzer(), openReader: () => new SqliteCatalogStore(Db));
        var alice = backend.CreateUser("alice", "hash");
        var session = backend.CreateSession(alice.Id);

        Assert.Equal(alice.Id, backend.FindUser("alice")?.Id);
        Assert.Equal(alice.Id, backend.FindSession(session.Id)?.UserId);
        Assert.Equal(0, backend.ListTracks(new Timbre.Web.Backend.LibraryQuery()).Total);
        Assert.InRange(backend.OpenedReaders, 1, 4);
    }

    [Fact]
    public void Parallel_reads_open_at_most_the_configured_readers()
    {
        using var backend = new CatalogBackend(
            new SqliteCatalogStore(Db), AudioDecoders.CreateDefault(), null, new CatalogBackendOptions { ReaderConnections = 2 }, () => new SqliteCatalogStore(Db));
        var alice = backend.CreateUser("alice", "hash");
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => Assert.Equal(alice.Id, backend.FindUser(alice.Id)?.Id));
        Assert.InRange(backend.OpenedReaders, 1, 2);
    }

    [Fact]
    public void A_read_proceeds_while_a_slow_write_holds_the_writer()
    {
        Assert.True(ReadFinishesDuringSlowWrite(withReaders: true, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Without_readers_a_read_waits_for_the_slow_write()
    {
        Assert.False(ReadFinishesDuringSlowWrite(withReaders: false, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void Reader_count_out_of_range_is_refused()
    {
        Assert.Throws<InvalidOptionsException>(() => new CatalogBackendOptions { ReaderConnections = -1 }.Validate());
    }

    private bool ReadFinishesDuringSlowWrite(bool withReaders, TimeSpan wait)
    {
        using var gate = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var writer = HeldCall.Wrap(new SqliteCatalogStore(Db), (m, args) => m.Name == nameof(ICatalogStore.CreateUser) && args is ["bob", ..], gate, entered);
        using var backend = new CatalogBackend(
            writer, AudioDecoders.CreateDefault(), null, openReader: withReaders ? () => new SqliteCatalogStore(Db) : null);
        backend.CreateUser("alice", "hash"); // not slow: the gate only holds "bob"

        var write = Task.Run(() => backend.CreateUser("bob", "hash"));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        var read = Task.Run(() => backend.FindUser("alice"));
        var finished = read.Wait(wait);

        gate.Set();
        write.Wait(TimeSpan.FromSeconds(10));
        Assert.NotNull(read.Result);
        Assert.NotNull(backend.FindUser("bob"));
        return finished;
    }

    [Fact]
    public async Task A_second_catalog_wide_search_is_refused_while_one_runs_but_indexed_searches_and_plain_pages_still_answer()
    {
        using var gate = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        using var backend = new CatalogBackend(
            new SqliteCatalogStore(Db),
            AudioDecoders.CreateDefault(),
            null,
            new CatalogBackendOptions { CatalogScanWait = TimeSpan.FromMilliseconds(50) },
            () => HeldCall.Wrap(new SqliteCatalogStore(Db), (m, args) => args is [TrackQuery { Search: "ri" }], gate, entered));

        // Under 3 characters the trigram index cannot answer: such searches read every track, one at a time.
        var first = Task.Run(() => backend.ListTracks(new Timbre.Web.Backend.LibraryQuery(Search: "ri")));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        Assert.Throws<CatalogBusyException>(() => backend.ListTracks(new Timbre.Web.Backend.LibraryQuery(Search: "ni")));
        Assert.Equal(0, backend.ListTracks(new Timbre.Web.Backend.LibraryQuery(Search: "night")).Total);
        Assert.Equal(0, backend.ListTracks(new Timbre.Web.Backend.LibraryQuery()).Total);

        gate.Set();
        Assert.Equal(0, (await first).Total);
        Assert.Equal(0, backend.ListTracks(new Timbre.Web.Backend.LibraryQuery(Search: "ni")).Total);
    }

    /// <summary>The real store, with the calls <c>held</c> picks waiting until a gate opens (a slow call).</summary>
    public class HeldCall : DispatchProxy
    {
        private ICatalogStore _inner = null!;
        private Func<MethodInfo, object?[]?, bool> _held = null!;
        private ManualResetEventSlim _gate = null!;
        private ManualResetEventSlim _entered = null!;

        internal static ICatalogStore Wrap(
            ICatalogStore inner, Func<MethodInfo, object?[]?, bool> held, ManualResetEventSlim gate, ManualResetEventSlim entered)
        {
            var proxy = Create<ICatalogStore, HeldCall>();
            var slow = (HeldCall)(object)proxy;
            (slow._inner, slow._held, slow._gate, slow._entered) = (inner, held, gate, entered);
            return proxy;
        }

        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is not null && _held(targetMethod, args))
            {
                _entered.Set();
                _gate.Wait(TimeSpan.FromSeconds(30));
            }

            try
            {
                return targetMethod!.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
