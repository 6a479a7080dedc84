using System.Diagnostics;
using System.Globalization;
using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Models;
using Timbre.Models.Common;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;
using static TorchSharp.torch;

namespace Timbre.Training.Contrastive;

/// <summary>
/// Self-supervised training on a library without labels (SimCLR / COLA): each step takes <see cref="ContrastiveOptions.Batch"/>
/// tracks, cuts two crops of each at independent random times, distorts both (<see cref="ViewAugmenter"/>), runs the
/// encoder and projection head, and minimises <see cref="NtXent"/> — the other crop of the same track is the positive,
/// every other crop of the batch a negative. The embedding a package gives is the encoder output before the head.
/// Progress reports use <see cref="EpochProgress"/>: accuracy is the share of views whose nearest other view is their positive.
/// </summary>
public static class ContrastiveTrainer
{
    /// <summary>The model kind written to packages.</summary>
    public const string Kind = "contrastive";

    /// <summary>
    /// Trains a new encoder on <paramref name="tracks"/> (or continues <paramref name="initial"/>, whose ownership passes
    /// to the result). The z-scoring is fitted on the tracks' clips and goes into the returned model.
    /// </summary>
    public static TrainedModel Train(
        TrackSpectrograms tracks, ContrastiveOptions options, TimbreModel? initial = null,
        IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }

        manual_seed(options.Seed);
        var normalization = tracks.FitNormalization();
        var model = initial ?? ModelFactory.Create(Kind, tracks.Representation.InputShape, 0, options.ModelOverrides);
        try
        {
            var (history, notes) = Fit(model, tracks, normalization, options, progress, cancellationToken);
            return new TrainedModel(Kind, model, tracks.Representation, normalization, [], history, notes);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds every stored clip of every track, unaugmented, and averages them per track (what inference does with
    /// non-overlapping clips): the track embeddings, row = track.
    /// </summary>
    public static float[][] EmbedTracks(TimbreModel model, TrackSpectrograms tracks, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tracks);
        var augmenter = new ViewAugmenter(ViewAugmentationOptions.None, tracks, normalization);
        var result = new float[tracks.Count][];
        for (int t = 0; t < tracks.Count; t++)
        {
            int clips = Math.Max(1, tracks.Frames(t) / tracks.ClipFrames);
            var features = new float[clips * augmenter.ViewSize];
            for (int c = 0; c < clips; c++)
            {
                augmenter.PlainView(t, c * tracks.ClipFrames, features.AsSpan(c * augmenter.ViewSize, augmenter.ViewSize));
            }

            var embeddings = ForwardPass.Embed(model, features, augmenter.ViewShape);
            int width = embeddings.GetLength(1);
            result[t] = new float[width];
            for (int c = 0; c < clips; c++)
            {
                for (int j = 0; j < width; j++)
                {
                    result[t][j] += embeddings[c, j] / clips;
                }
            }
        }

        return result;
    }

    private static (TrainingHistory History, List<string> Notes) Fit(
        TimbreModel model, TrackSpectrograms tracks, Normalization normalization, ContrastiveOptions options,
        IProgress<EpochProgress>? progress, CancellationToken ct)
    {
        var augmenter = new ViewAugmenter(options.Augmentation, tracks, normalization);
        int batch = Math.Min(options.Batch, tracks.Count);
        int stepsPerEpoch = Math.Max(1, tracks.Count / batch);
        long plannedSteps = (long)stepsPerEpoch * options.Epochs;
        int warmup = (int)Math.Max(1, plannedSteps / 20);
        var order = new Random(options.Seed);
        var parameters = model.parameters().ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        var history = new TrainingHistory();
        var clock = Stopwatch.StartNew();
        long step = 0, viewsSeen = 0;
        bool outOfTime = false;
        var views = new float[2 * batch * augmenter.ViewSize];
        long[] shape = [2 * batch, .. augmenter.ViewShape.Select(d => (long)d)];
        model.train();
        for (int epoch = 1; epoch <= options.Epochs && !outOfTime; epoch++)
        {
            int[] tracksInOrder = Enumerable.Range(0, tracks.Count).ToArray();
            order.Shuffle(tracksInOrder);
            double lossSum = 0, rate = 0;
            long correct = 0, seen = 0;
            var epochClock = Stopwatch.StartNew();
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                ct.ThrowIfCancellationRequested();
                if (clock.Elapsed >= options.TimeBudget)
                {
                    outOfTime = true;
                    break;
                }

                double done = Math.Max(step / (double)plannedSteps, clock.Elapsed / options.TimeBudget);
                rate = step < warmup ? options.LearningRate * (step + 1) / warmup : options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, done)));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                // One seeded RNG per view, so views can be drawn in parallel and still be the same every run.
                int stepSeed = unchecked((options.Seed * 1_000_003) + ((int)step * 4_099));
                int first = s * batch;
                Parallel.For(0, 2 * batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, v =>
                {
                    int track = tracksInOrder[first + (v % batch)];
                    augmenter.MakeView(track, new Random(unchecked(stepSeed + v)), views.AsSpan(v * augmenter.ViewSize, augmenter.ViewSize));
                });

                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    Tensor z = model.forward(tensor(views, shape));
                    Tensor loss = NtXent.Loss(z, options.Temperature);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>();
                    correct += NtXent.Correct(z, options.Temperature);
                }

                seen += 2 * batch;
                step++;
                double speed = seen / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds);
                var left = TimeSpan.FromSeconds(Math.Min(
                    (options.TimeBudget - clock.Elapsed).TotalSeconds,
                    (plannedSteps - step) * 2 * batch / Math.Max(1e-9, speed)));
                progress?.Report(new EpochProgress(epoch, options.Epochs, s + 1, stepsPerEpoch, lossSum / (s + 1), correct / (double)seen, speed, left, rate, null, null, false));
            }

            if (seen == 0)
            {
                break;
            }

            viewsSeen += seen;
            int steps = (int)(seen / (2 * batch));
            history.TrainLoss.Add(lossSum / steps);
            history.TrainAccuracy.Add(correct / (double)seen);
            history.LearningRate.Add(rate);
            history.BestEpoch = epoch;
            progress?.Report(new EpochProgress(epoch, options.Epochs, stepsPerEpoch, stepsPerEpoch, lossSum / steps, correct / (double)seen,
                seen / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds), TimeSpan.Zero, rate, null, null, true));
        }

        history.StoppedEarly = outOfTime;
        history.SamplesPerSecond = viewsSeen / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        model.eval();
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"self-supervised (NT-Xent, τ {options.Temperature}): {step} steps of {batch} tracks × 2 views in {history.Epochs} epochs, {clock.Elapsed.TotalMinutes:0.0} min{(outOfTime ? " (time budget reached)" : "")}"),
        };
        return (history, notes);
    }
}
