using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Timbre.Analyzers;
using Timbre.Dsp.Summary;
using Timbre.Storage.Sqlite;

namespace Timbre.Scanning.Tests;

/// <summary>
/// Issue 6 "Done when": kill -9 the real <c>timbre scan</c> (timbre.dll copied next to the tests through the project
/// reference, run with <c>dotnet exec</c>) once at least one batch is committed, then check the catalog and resume.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillDuringScanTests : IDisposable
{
    private const int Files = 40;
    private const int Batch = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TestLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void KillNineMidScan_LeavesASoundCatalogOfWholeBatches_AndTheRerunAnalysesEachTrackExactlyOnce()
    {
        for (var i = 0; i < Files; i++)
        {
            _lib.Wav($"d{i % 3}/t{i:00}.wav", 150 + 37 * i, seconds: 2.5, seed: i);
        }

        // 1. Start the scan and kill it (SIGKILL, whole tree) as soon as a batch is visible in the catalog.
        using (var child = StartScan())
        {
            var deadline = DateTime.UtcNow + Timeout;
            long committed;
            while ((committed = CountAnalysesReadOnly()) < Batch)
            {
                Assert.False(child.HasExited, $"scan ended before any batch was seen (exit {(child.HasExited ? child.ExitCode : 0)})");
                Assert.True(DateTime.UtcNow < deadline, "no batch committed in time");
                Thread.Sleep(10);
            }

            child.Kill(entireProcessTree: true);
            Assert.True(child.WaitForExit(Timeout));
            Assert.True(committed < Files, "the scan had already finished: nothing was interrupted");
        }

        // 2. The killed catalog: sound, whole batches only, each track with exactly one full analysis.
        Dictionary<long, long> firstRun;
        using (var store = new SqliteCatalogStore(_lib.CatalogPath))
        {
            Assert.Equal("ok", store.IntegrityCheck());
            var stats = store.GetStats();
            Assert.Equal(stats.PresentTracks, stats.Analyses);
            Assert.True(stats.Analyses % Batch == 0, $"{stats.Analyses} analyses is not a whole number of batches of {Batch}");
            Assert.InRange(stats.Analyses, Batch, Files - 1);
            firstRun = CheckRows();
            Assert.Equal(stats.Analyses, firstRun.Count);
        }

        // 3. Rerun to completion. The file the killed scan was analysing (its in-progress mark was left) is recorded
        // as a failure, as a poison file would be, and skipped; --retry-failed then analyses it too.
        using (var child = StartScan())
        {
            Assert.True(child.WaitForExit(Timeout), "rerun did not finish");
            Assert.True(child.ExitCode == 0, $"rerun exit code {child.ExitCode}");
        }

        using (var store = new SqliteCatalogStore(_lib.CatalogPath))
        {
            var abandoned = store.ListScanFailures();
            Assert.InRange(abandoned.Count, 0, 1); // one worker: at most the one file it was analysing
            Assert.All(abandoned, f => Assert.Equal(LibraryScanner.AbandonedReason, f.Reason));
            Assert.Equal(Files, store.GetStats().PresentTracks + abandoned.Count);
        }

        using (var child = StartScan("--retry-failed"))
        {
            Assert.True(child.WaitForExit(Timeout), "retry did not finish");
            Assert.True(child.ExitCode == 0, $"retry exit code {child.ExitCode}");
        }

        using (var store = new SqliteCatalogStore(_lib.CatalogPath))
        {
            Assert.Equal("ok", store.IntegrityCheck());
            var stats = store.GetStats();
            Assert.Equal(Files, stats.PresentTracks);
            Assert.Equal(Files, stats.Analyses);
            Assert.Equal(0, stats.MissingTracks);
            Assert.Empty(store.ListScanFailures());
            Assert.Empty(store.ListAnalysesInProgress());
            var final = CheckRows();
            Assert.Equal(Files, final.Count);
            foreach (var (track, at) in firstRun)
            {
                Assert.Equal(at, final[track]); // not analysed a second time
            }
        }
    }

    /// <summary>Checks every analysis row is whole and unique; returns track id → analysed_at.</summary>
    private Dictionary<long, long> CheckRows()
    {
        using var c = OpenReadOnly();
        using var dup = c.CreateCommand();
        dup.CommandText = "SELECT COUNT(*) FROM (SELECT track_id FROM analyses GROUP BY track_id, model_id, feature_version HAVING COUNT(*) > 1)";
        Assert.Equal(0L, (long)dup.ExecuteScalar()!);
        using var orphan = c.CreateCommand();
        orphan.CommandText = "SELECT COUNT(*) FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM analyses a WHERE a.track_id = t.id)";
        Assert.Equal(0L, (long)orphan.ExecuteScalar()!);

        var rows = new Dictionary<long, long>();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT track_id, model_id, feature_version, length(embedding), length(summary), length(genre_probs), analysed_at FROM analyses";
        using var r = cmd.ExecuteReader();
        var bytes = SummaryLayout.FeatureCount * sizeof(float);
        while (r.Read())
        {
            Assert.Equal(SummaryFeatureAnalyzer.Id, r.GetString(1));
            Assert.Equal(FeaturesVersion.Current, r.GetInt32(2));
            Assert.Equal(bytes, r.GetInt64(3));
            Assert.Equal(bytes, r.GetInt64(4));
            Assert.Equal(0, r.GetInt64(5));
            rows.Add(r.GetInt64(0), r.GetInt64(6));
        }

        return rows;
    }

    private long CountAnalysesReadOnly()
    {
        if (!File.Exists(_lib.CatalogPath))
        {
            return 0;
        }

        try
        {
            using var c = OpenReadOnly();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM analyses";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // schema not created yet, or the file is being initialised
        }
    }

    private SqliteConnection OpenReadOnly()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _lib.CatalogPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        c.Open();
        return c;
    }

    private Process StartScan(params string[] extra)
    {
        var info = DotnetChild.StartInfo("timbre.dll", ["scan", _lib.Root, "--catalog", _lib.CatalogPath, "--batch", $"{Batch}", "--workers", "1", .. extra]);

        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
