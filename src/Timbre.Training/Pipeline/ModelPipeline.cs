using System.Globalization;
using Timbre.Data.Features;
using Timbre.Evaluation.Classification;
using Timbre.Evaluation.Reports;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Models;
using Timbre.Models.Common;
using Timbre.Models.Transfer;
using Timbre.Training.Data;
using Timbre.Training.Training;

namespace Timbre.Training.Pipeline;

/// <summary>Test-set predictions of a model, at clip and track level.</summary>
/// <param name="Clip">Clip-level metrics.</param>
/// <param name="Track">Track-level metrics (mean of each track's clip probabilities).</param>
/// <param name="Tracks">Per-track ids, mean probabilities, labels and predictions.</param>
public sealed record EvaluationResult(SplitMetrics Clip, SplitMetrics Track, TrackPredictions Tracks);

/// <summary>Trains one model kind on cached features and evaluates it (clip and track level).</summary>
public static class ModelPipeline
{
    /// <summary>
    /// Fits the normalisation on the training tracks, builds the datasets, creates the model (kind defaults or the
    /// given overrides) and trains it with early stopping on the validation tracks. mobilenetv2-gru runs the transfer
    /// flow: pre-train on the tempo-bucket task when <paramref name="tempi"/> is given, freeze the backbone, train the
    /// head, fine-tune.
    /// </summary>
    public static TrainedModel Train(
        string kind,
        FeatureCache cache,
        Representation representation,
        IReadOnlyList<int> trainTracks,
        IReadOnlyList<int> validationTracks,
        PipelineOptions options,
        IReadOnlyDictionary<string, int>? tempi = null,
        IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        int classes = cache.Labels.Count;
        options.Validate(classes);
        var normalization = ClipSet.FitNormalization(cache, trainTracks, representation, options.MaxTrainClipsPerTrack);
        var train = ClipSet.Build(cache, trainTracks, representation, normalization, options.MaxTrainClipsPerTrack);
        var validation = validationTracks.Count > 0 ? ClipSet.Build(cache, validationTracks, representation, normalization, options.MaxEvalClipsPerTrack) : null;
        var trainer = options.Trainer with { Loss = PipelineOptions.LossFor(kind) };
        var overrides = options.ModelOverrides ?? PipelineOptions.DefaultOverrides(kind);
        var model = ModelFactory.Create(kind, representation.InputShape, classes, overrides);
        if (options.BackboneWeightsPath is not null && model is not MobileNetV2Gru)
        {
            model.Dispose();
            throw new Core.Errors.InvalidOptionsException($"Backbone weights only apply to mobilenetv2-gru, not {kind}.");
        }

        var notes = new List<string>();
        try
        {
            TrainingHistory history;
            if (model is MobileNetV2Gru mobile)
            {
                history = TrainTransfer(mobile, train, validation, trainer, options, tempi, notes, progress, cancellationToken);
            }
            else
            {
                history = new Trainer(trainer).Fit(model, train.Data, validation?.Data, progress, cancellationToken);
            }

            return new TrainedModel(ModelFactory.KindOf(model), model, representation, normalization, cache.Labels, history, notes);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Predicts the clips of <paramref name="tracks"/> (at most <paramref name="maxClipsPerTrack"/> each) and scores clip and track level.</summary>
    public static EvaluationResult Evaluate(TrainedModel trained, FeatureCache cache, IReadOnlyList<int> tracks, int? maxClipsPerTrack = null) =>
        Evaluate(trained.Model, cache, trained.Representation, trained.Normalization, tracks, null, maxClipsPerTrack);

    /// <summary>
    /// Predicts every clip of <paramref name="tracks"/> with <paramref name="model"/> and scores clip and track level.
    /// With <paramref name="modelLabels"/> (the model's genres, when it was trained on another corpus) the cache's
    /// labels are mapped to the model's by name; a genre the model does not know is an error.
    /// </summary>
    /// <exception cref="Core.Errors.TimbreException">The corpus has genres the model was not trained on.</exception>
    public static EvaluationResult Evaluate(
        TimbreModel model, FeatureCache cache, Representation representation, Normalization normalization, IReadOnlyList<int> tracks,
        IReadOnlyList<string>? modelLabels = null, int? maxClipsPerTrack = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(model);
        var set = ClipSet.Build(cache, tracks, representation, normalization, maxClipsPerTrack);
        int classes = modelLabels?.Count ?? cache.Labels.Count;
        int[] labels = set.Labels;
        if (modelLabels is not null)
        {
            var unknown = cache.Labels.Where(l => !modelLabels.Contains(l)).ToArray();
            if (unknown.Length > 0)
            {
                throw new Core.Errors.TimbreException($"the corpus has genres the model was not trained on: {string.Join(", ", unknown)} (model knows {string.Join(", ", modelLabels)}).");
            }

            var map = cache.Labels.Select(l => modelLabels.ToList().IndexOf(l)).ToArray();
            labels = labels.Select(l => map[l]).ToArray();
        }

        var probabilities = Rows(ForwardPass.Predict(model, set.Data.Features, set.Data.SampleShape));
        var clip = SplitMetrics.Compute(labels, probabilities, classes);
        var byTrack = TrackAggregation.MeanByTrack(set.TrackIds, probabilities, labels);
        var track = SplitMetrics.Compute(byTrack.Labels, byTrack.Probabilities, classes);
        return new EvaluationResult(clip, track, byTrack);
    }

    /// <summary>The rows of a matrix as arrays.</summary>
    public static double[][] Rows(float[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = new double[matrix.GetLength(0)][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[matrix.GetLength(1)];
            for (int j = 0; j < rows[i].Length; j++)
            {
                rows[i][j] = matrix[i, j];
            }
        }

        return rows;
    }

    private static TrainingHistory TrainTransfer(
        MobileNetV2Gru target, ClipSet train, ClipSet? validation, TrainerOptions trainer, PipelineOptions options,
        IReadOnlyDictionary<string, int>? tempi, List<string> notes, IProgress<EpochProgress>? progress, CancellationToken ct)
    {
        MobileNetV2Gru? source = null;
        try
        {
            if (options.BackboneWeightsPath is { } weights)
            {
                BackboneWeights.Load(target, weights);
                notes.Add($"backbone loaded from {Path.GetFileName(weights)} (no source-task pre-training)");
            }
            else if (tempi is not null && options.PretrainEpochs > 0 && train.TrackIds.All(tempi.ContainsKey))
            {
                var trackTempi = train.TrackIds.Select(id => tempi[id]).ToArray();
                var edges = Quantiles(trackTempi, options.TempoBuckets);
                var buckets = trackTempi.Select(t => edges.Count(e => t > e)).ToArray();
                int bucketCount = buckets.Max() + 1;
                if (bucketCount >= 2)
                {
                    var sourceData = new TensorDataset(train.Data.Features, train.Data.SampleShape, buckets, bucketCount);
                    var json = Models.ModelFactory.SerializeOptions(target.Options);
                    source = (MobileNetV2Gru)ModelFactory.Create("mobilenetv2-gru", train.Data.SampleShape, bucketCount, json);
                    var pre = new Trainer(trainer with { Epochs = options.PretrainEpochs, Patience = options.PretrainEpochs, Seed = trainer.Seed + 7 })
                        .Fit(source, sourceData, null, progress, ct);
                    notes.Add($"backbone pre-trained {pre.Epochs} epochs on the source task 'tempo bucket' ({bucketCount} classes, edges {string.Join("/", edges)} BPM, training tracks only); final source accuracy {pre.TrainAccuracy[^1]:0.000}");
                }
            }

            if (source is null && options.BackboneWeightsPath is null)
            {
                string why = options.PretrainEpochs == 0 ? "pre-training switched off" : "no source task (the corpus has no tempo manifest)";
                notes.Add($"{why}: trained end to end from scratch, {trainer.Epochs} epochs at most");
                return new Trainer(trainer).Fit(target, train.Data, validation?.Data, progress, ct);
            }

            var (head, fine) = TransferLearning.Run(
                target, train.Data, validation?.Data,
                new TransferOptions
                {
                    Head = trainer with { Epochs = options.HeadEpochs, Patience = options.HeadEpochs },
                    FineTuneEpochs = trainer.Epochs,
                    FineTuneRateFactor = options.FineTuneRateFactor,
                },
                source, progress, ct);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"head trained {head.Epochs} epochs with the backbone frozen; then the whole network fine-tuned {fine?.Epochs ?? 0} epochs at {options.FineTuneRateFactor}× rate"));
            if (fine is null)
            {
                return head;
            }

            var all = new TrainingHistory { BestEpoch = head.Epochs + fine.BestEpoch, SamplesPerSecond = fine.SamplesPerSecond };
            foreach (var h in new[] { head, fine })
            {
                all.TrainLoss.AddRange(h.TrainLoss);
                all.TrainAccuracy.AddRange(h.TrainAccuracy);
                all.ValidationLoss.AddRange(h.ValidationLoss);
                all.ValidationAccuracy.AddRange(h.ValidationAccuracy);
                all.LearningRate.AddRange(h.LearningRate);
            }

            return all;
        }
        finally
        {
            source?.Dispose();
        }
    }

    private static int[] Quantiles(int[] values, int buckets)
    {
        var sorted = values.Order().ToArray();
        return Enumerable.Range(1, buckets - 1).Select(q => sorted[(int)((long)q * (sorted.Length - 1) / buckets)]).Distinct().ToArray();
    }
}
