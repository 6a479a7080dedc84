using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Timbre.Cli.Recommending;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;
using Timbre.Recommendation.Metric;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre metric cv --catalog C [--analysis SET] [--by album|artist|folder] [--folds K] [--method whiten|lda|triplet]</c>:
/// cross-validates a metric learned from albums/artists (and users' likes/dislikes) with folds by group, against the
/// same input without the projection; <c>timbre metric fit … --out FILE</c>: fits it on the whole catalog and writes
/// the projection (JSON, <see cref="MetricProjectionFile"/>).
/// </summary>
internal static class MetricCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("metric", "Learn a similarity metric from albums/artists and likes/dislikes; cross-validate it by album or fit it.");
        command.Subcommands.Add(CvCommand());
        command.Subcommands.Add(FitCommand());
        return command;
    }

    private sealed record Shared(
        Option<string> Catalog, Option<string?> Analysis, Option<string> By, Option<string> Method, Option<int?> Dims, Option<int> Epochs, Option<double> Clip)
    {
        public static Shared Create() => new(
            CatalogCommand.CatalogOption(),
            RecCli.AnalysisOption(),
            new Option<string>("--by")
            {
                Description = "Groups to learn from and score by: album (tags, else the folder), artist (tag, else the folder above the album; the query's album is excluded when scoring) or folder (the album folder, tags ignored).",
                DefaultValueFactory = _ => "album",
            },
            new Option<string>("--method")
            {
                Description = "whiten (within-group whitening, closed form; the best on the dev set), lda (shrinkage LDA, closed form) or triplet (linear map trained on cosine triplets).",
                DefaultValueFactory = _ => "whiten",
            },
            new Option<int?>("--dims") { Description = "Output dimensions (default: LDA groups − 1, triplet min(64, input))." },
            new Option<int>("--epochs") { Description = "Triplet training epochs.", DefaultValueFactory = _ => MetricLearningOptions.Default.Epochs },
            new Option<double>("--clip") { Description = "Clip standardised values to ±this (0: no clipping).", DefaultValueFactory = _ => MetricLearningOptions.Default.Clip ?? 0 });

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { Catalog, Analysis, By, Method, Dims, Epochs, Clip })
            {
                command.Options.Add(o);
            }
        }

        public MetricLearningOptions Options(ParseResult p) => new MetricLearningOptions
        {
            Method = p.GetValue(Method) switch
            {
                "lda" => MetricMethod.Lda,
                "triplet" => MetricMethod.Triplet,
                "whiten" => MetricMethod.Whitening,
                var other => throw new InvalidOptionsException($"--method must be 'lda', 'triplet' or 'whiten', got '{other}'."),
            },
            Dimensions = p.GetValue(Dims),
            Epochs = p.GetValue(Epochs),
            Clip = p.GetValue(Clip) is var c and > 0 ? c : null,
        }.Validate();
    }

    private static Command CvCommand()
    {
        var shared = Shared.Create();
        var folds = new Option<int>("--folds") { Description = "Folds K; albums are dealt to folds whole (use the number of albums for leave-one-album-out).", DefaultValueFactory = _ => 3 };
        var repeats = new Option<int>("--repeats") { Description = "Repeat the cross-validation with fold seeds seed … seed + R − 1.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fold assignment.", DefaultValueFactory = _ => 0 };
        var json = RecCli.JsonOption();
        var command = new Command("cv", "Cross-validate the metric with folds by group: fit on the other folds' albums, score the held-out ones (P@5, MAP@10) against the unprojected input.");
        shared.AddTo(command);
        command.Options.Add(folds);
        command.Options.Add(repeats);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(p =>
        {
            var options = shared.Options(p);
            var (k, r) = (p.GetValue(folds), p.GetValue(repeats));
            if (k < 2 || r < 1)
            {
                throw new InvalidOptionsException($"metric cv needs --folds >= 2 and --repeats >= 1 (got {k}, {r}).");
            }

            var data = MetricData.Load(p.GetValue(shared.Catalog)!, p.GetValue(shared.Analysis), p.GetValue(shared.By)!);
            var runs = new List<(int Seed, MetricFoldResult Fold)>();
            CliConsole.ForProgress(json: true).Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask($"{options.Method} by {data.By}: {k} folds × {r}", maxValue: k * r);
                for (var rep = 0; rep < r; rep++)
                {
                    var foldSeed = p.GetValue(seed) + rep;
                    var cv = new MetricCvOptions { Folds = k, Seed = foldSeed };
                    var result = MetricCrossValidation.Run(data.Vectors, data.Groups, data.Preferences, options, cv, data.Exclude, (f, _) => task.Value = (rep * k) + f);
                    runs.AddRange(result.Select(f => (foldSeed, f)));
                }

                task.Value = task.MaxValue;
            });
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new { data.Set, data.By, method = p.GetValue(shared.Method), tracks = data.Vectors.Length, groups = data.GroupCount, users = data.Preferences.Length, folds = runs.Select(x => new { seed = x.Seed, x.Fold }) },
                    RecCli.JsonOptions));
                return 0;
            }

            Print(data, options, runs);
            return 0;
        });
        return command;
    }

    private static Command FitCommand()
    {
        var shared = Shared.Create();
        var output = new Option<string>("--out") { Description = "Where to write the projection (JSON).", Required = true };
        var command = new Command("fit", "Fit the metric on every analysed track of the catalog and write the projection for production use.");
        shared.AddTo(command);
        command.Options.Add(output);
        command.SetAction(p =>
        {
            var options = shared.Options(p);
            var data = MetricData.Load(p.GetValue(shared.Catalog)!, p.GetValue(shared.Analysis), p.GetValue(shared.By)!);
            var projection = MetricLearner.Fit(data.Vectors, data.Groups, data.Preferences, options);
            var path = p.GetValue(output)!;
            MetricProjectionFile.Write(path, projection, new MetricProvenance(
                data.Set.ModelId, data.Set.FeatureVersion, data.By, data.Vectors.Length, data.GroupCount, data.Preferences.Length));
            RecCli.Out().MarkupLineInterpolated(
                $"wrote {path}: {options.Method} metric {projection.InputDimension} → {projection.OutputDimension} dims from {data.Vectors.Length} tracks in {data.GroupCount} {data.By} groups, {data.Preferences.Length} users' likes/dislikes");
            return 0;
        });
        return command;
    }

    private static void Print(MetricData data, MetricLearningOptions options, List<(int Seed, MetricFoldResult Fold)> runs)
    {
        var console = RecCli.Out();
        console.MarkupLineInterpolated(
            $"[bold]{options.Method}[/] metric on {data.Set.ModelId} v{data.Set.FeatureVersion} ({data.Set.EmbeddingDimension}-d), {data.Vectors.Length} tracks in {data.GroupCount} {data.By} groups, {data.Preferences.Length} users with likes/dislikes");
        var prefix = CommonPrefix(data.Groups.Distinct(StringComparer.Ordinal).ToArray());
        var table = new Table().AddColumns("seed", "fold", "held-out groups", "tracks", "dims", "in-fold P@5 base/metric", "in-fold MAP@10 base/metric", "library P@5 base/metric", "library MAP@10 base/metric");
        foreach (var (seed, f) in runs)
        {
            table.AddRow(
                N(seed), N(f.Fold), Markup.Escape(string.Join(", ", f.TestGroups.Select(g => g.Length > prefix ? g[prefix..] : g))), N(f.TestItems), N(f.OutputDimension),
                Pair(f.InFold, s => s.Precision), Pair(f.InFold, s => s.MeanAveragePrecision), Pair(f.Library, s => s.Precision), Pair(f.Library, s => s.MeanAveragePrecision));
        }

        console.Write(table);
        var inFold = runs.Where(r => r.Fold.InFold is not null).Select(r => r.Fold.InFold!).ToArray();
        var library = runs.Select(r => r.Fold.Library).ToArray();
        var summary = new Table().AddColumns("mean ± sd over folds (pooled over queries)", "in-fold P@5", "in-fold MAP@10", "library P@5", "library MAP@10");
        foreach (var (name, pick) in new (string, Func<SpaceScores, RetrievalScores>)[]
        {
            ("raw input", s => s.Raw), ("standardised (base)", s => s.Standardised), ($"{options.Method} metric", s => s.Learned),
        })
        {
            summary.AddRow(name, Stat(inFold, s => pick(s).Precision), Stat(inFold, s => pick(s).MeanAveragePrecision), Stat(library, s => pick(s).Precision), Stat(library, s => pick(s).MeanAveragePrecision));
        }

        summary.AddRow("chance", Stat(inFold, s => s.Raw.Chance), "", Stat(library, s => s.Raw.Chance), "");
        console.Write(summary);
        console.MarkupLineInterpolated($"[grey]in-fold: {inFold.Length} of {runs.Count} folds hold 2+ groups (a one-group fold has nothing to tell apart); library: held-out queries ranked against every track.[/]");
    }

    /// <summary>Length of the prefix, up to a '/', that every label shares ("music/" on a flat album-folder library).</summary>
    private static int CommonPrefix(string[] labels)
    {
        var first = labels[0];
        var n = labels.Skip(1).Aggregate(first.Length, (len, l) => Enumerable.Range(0, Math.Min(len, l.Length)).FirstOrDefault(i => l[i] != first[i], Math.Min(len, l.Length)));
        return n == 0 ? 0 : first.LastIndexOf('/', n - 1) + 1;
    }

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Pair(SpaceScores? s, Func<RetrievalScores, double> metric)
        => s is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{metric(s.Standardised):0.000} / {metric(s.Learned):0.000}");

    /// <summary>Mean ± sample sd over folds, then the mean over all their queries (folds weighted by size).</summary>
    private static string Stat(SpaceScores[] folds, Func<SpaceScores, double> metric)
    {
        if (folds.Length == 0)
        {
            return "—";
        }

        var values = folds.Select(metric).ToArray();
        var mean = values.Average();
        var sd = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var queries = folds.Select(f => (double)f.Raw.Queries).ToArray();
        var pooled = values.Zip(queries, (v, q) => v * q).Sum() / Math.Max(1, queries.Sum());
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000} ({pooled:0.000})");
    }

    /// <summary>One analysis set of a catalog as training data: vectors, group labels, exclude labels, likes/dislikes.</summary>
    private sealed record MetricData(AnalysisSetInfo Set, string By, float[][] Vectors, string[] Groups, string[]? Exclude, PreferenceSet[] Preferences)
    {
        public int GroupCount => Groups.Distinct(StringComparer.Ordinal).Count();

        public static MetricData Load(string catalogPath, string? analysis, string by)
        {
            if (by is not ("album" or "artist" or "folder"))
            {
                throw new InvalidOptionsException($"--by must be 'album', 'artist' or 'folder', got '{by}'.");
            }

            using var store = RecCli.OpenStore(catalogPath);
            var sets = store.ListAnalysisSets();
            var set = Retrieval.RetrievalData.ChooseSet(sets, analysis);
            var tracks = store.TracksById();

            var rows = new List<(TrackRecord Track, float[] Vector)>();
            foreach (var a in store.ReadAnalyses(set.ModelId, set.FeatureVersion))
            {
                if (tracks.TryGetValue(a.TrackId, out var t))
                {
                    rows.Add((t, a.Embedding));
                }
            }

            // Album and artist from tags, else folders (the shared TrackGrouping); artist mode drops tracks whose artist is unknown.
            var grouping = TrackGrouping.Assign([.. rows.Select(r => r.Track)]);
            var labelled = rows.Select((r, i) => (r.Track, r.Vector, Group: Label(r.Track, grouping[i], by), Album: grouping[i].Album))
                .Where(r => r.Group is not null)
                .ToArray();
            if (labelled.Length == 0)
            {
                throw new TimbreException(rows.Count == 0
                    ? $"Catalog {catalogPath} has no analysed present tracks in set '{set.ModelId}'."
                    : $"No track of {catalogPath} has a known {by} (no {by} tags and no Artist/Album folder layout).");
            }
            var rowOf = labelled.Select((r, i) => (r.Track.Id, i)).ToDictionary(x => x.Id, x => x.i);
            var preferences = new List<PreferenceSet>();
            foreach (var user in store.ListUsers())
            {
                var events = store.ListInteractions(user.Id).Where(e => rowOf.ContainsKey(e.TrackId)).ToArray();
                int[] Of(InteractionKind kind) => [.. events.Where(e => e.Kind == kind).Select(e => rowOf[e.TrackId]).Distinct()];
                var (liked, disliked) = (Of(InteractionKind.Like), Of(InteractionKind.Dislike));
                if (liked.Length >= 2 && disliked.Length >= 1)
                {
                    preferences.Add(new PreferenceSet(liked, disliked));
                }
            }

            return new MetricData(
                set,
                by,
                [.. labelled.Select(r => r.Vector)],
                [.. labelled.Select(r => r.Group!)],
                by == "artist" ? [.. labelled.Select(r => r.Album)] : null,
                [.. preferences]);
        }

        /// <summary>
        /// album: the shared album label; artist: the artist (tag, else the folder above the album), null when
        /// unknown; folder: the album folder alone ("Parent/Folder"), ignoring tags.
        /// </summary>
        private static string? Label(TrackRecord track, TrackGroup group, string by) => by switch
        {
            "album" => group.Album,
            "artist" => group.Artist,
            _ => FolderLabel(TrackGrouping.AlbumFolder(track.Path)),
        };

        private static string FolderLabel(string folder)
        {
            var parent = Path.GetFileName(Path.GetDirectoryName(folder) ?? "");
            var name = Path.GetFileName(folder);
            return parent.Length == 0 ? "/" + name : $"{parent}/{name}";
        }
    }
}
