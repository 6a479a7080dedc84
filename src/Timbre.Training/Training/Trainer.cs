using System.Diagnostics;
using Timbre.Core.Errors;
using Timbre.Models.Common;
using Timbre.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Timbre.Training.Training;

/// <summary>
/// Mini-batch trainer: shuffled batches from a seeded RNG, optional augmentation, one dispose scope per batch,
/// validation each epoch, early stopping on validation loss, best weights kept (and restored), learning-rate schedule.
/// Only parameters with <c>requires_grad</c> are optimised, so transfer learning is: freeze the backbone and fit the
/// head, then unfreeze and fit again with a lower <see cref="TrainerOptions.LearningRate"/>.
/// </summary>
public sealed class Trainer
{
    private readonly TrainerOptions _options;

    /// <summary>Creates a trainer with <paramref name="options"/>.</summary>
    public Trainer(TrainerOptions options)
    {
        _options = options;
    }

    /// <summary>Trains <paramref name="model"/> on <paramref name="train"/>, validating on <paramref name="validation"/> when given.</summary>
    public TrainingHistory Fit(
        TimbreModel model,
        TensorDataset train,
        TensorDataset? validation = null,
        IProgress<EpochProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        _options.Validate(train.Classes);
        if (train.MultiLabel != (_options.Loss == LossKind.BinaryCrossEntropy))
        {
            throw new InvalidOptionsException("Use the binary cross-entropy loss with multi-label data, and only then.");
        }

        if (_options.Loss == LossKind.MultiClassHinge && _options.Augmentation?.MixupAlpha > 0)
        {
            throw new InvalidOptionsException("Mixup needs a cross-entropy loss, not the hinge loss.");
        }

        if (_options.Threads > 0)
        {
            set_num_threads(_options.Threads);
        }

        manual_seed(_options.Seed);
        var rng = new Random(_options.Seed);
        var augmenter = _options.Augmentation is { } aug ? new Augmenter(aug, rng) : null;
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        if (parameters.Count == 0)
        {
            throw new InvalidOptionsException("The model has no trainable parameters (is everything frozen?).");
        }

        using var optimizer = CreateOptimizer(parameters);
        using Tensor? classWeights = _options.ClassWeights is { } w ? tensor(w) : null;
        var schedule = new LearningRateSchedule(_options);
        var history = new TrainingHistory();
        Dictionary<string, Tensor>? best = null;
        double bestLoss = double.PositiveInfinity;
        int sinceBest = 0;
        int batches = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var clock = Stopwatch.StartNew();
        long samplesSeen = 0;

        try
        {
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = schedule.Current;
                }

                model.train();
                double lossSum = 0;
                long correct = 0, seen = 0;
                int batch = 0;
                var epochClock = Stopwatch.StartNew();
                foreach (int[] indices in train.ShuffledBatches(_options.BatchSize, rng))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    float[] x = train.GatherFeatures(indices);
                    float[] y = train.GatherTargets(indices);
                    augmenter?.Apply(x, indices.Length, train.SampleShape, y, train.Classes);
                    Tensor input = train.ToTensor(x, indices.Length);
                    Tensor targets = tensor(y, [indices.Length, train.Classes]);
                    optimizer.zero_grad();
                    Tensor logits = model.forward(input);
                    Tensor loss = Losses.Compute(_options.Loss, logits, targets, classWeights);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * indices.Length;
                    correct += Losses.Correct(logits.detach(), targets, train.MultiLabel);
                    seen += indices.Length;
                    batch++;
                    double speed = seen / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds);
                    long left = ((long)(_options.Epochs - epoch) * train.Count) + (train.Count - seen);
                    progress?.Report(new EpochProgress(epoch, _options.Epochs, batch, batches, lossSum / seen, correct / (double)seen,
                        speed, TimeSpan.FromSeconds(left / Math.Max(1e-9, speed)), schedule.Current, null, null, false));
                }

                samplesSeen += seen;
                double trainLoss = lossSum / seen;
                history.TrainLoss.Add(trainLoss);
                history.TrainAccuracy.Add(correct / (double)seen);
                history.LearningRate.Add(schedule.Current);
                double monitored = trainLoss;
                double? valLoss = null, valAcc = null;
                if (validation is not null && validation.Count > 0)
                {
                    (double vl, double va) = Evaluate(model, validation, classWeights);
                    history.ValidationLoss.Add(vl);
                    history.ValidationAccuracy.Add(va);
                    monitored = vl;
                    valLoss = vl;
                    valAcc = va;
                }

                if (monitored < bestLoss - 1e-9 || validation is null)
                {
                    bestLoss = Math.Min(bestLoss, monitored);
                    sinceBest = 0;
                    history.BestEpoch = epoch;
                    if (validation is not null && _options.RestoreBest)
                    {
                        Snapshot(model, ref best);
                    }

                    if (_options.CheckpointPath is { } path)
                    {
                        model.save(path);
                    }
                }
                else
                {
                    sinceBest++;
                }

                double epochSpeed = seen / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds);
                progress?.Report(new EpochProgress(epoch, _options.Epochs, batches, batches, trainLoss, correct / (double)seen, epochSpeed,
                    TimeSpan.FromSeconds((_options.Epochs - epoch) * train.Count / Math.Max(1e-9, epochSpeed)), schedule.Current, valLoss, valAcc, true));
                schedule.Step(epoch, monitored);
                history.LiveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                if (_options.Patience > 0 && validation is not null && sinceBest >= _options.Patience)
                {
                    history.StoppedEarly = epoch < _options.Epochs;
                    break;
                }
            }

            if (best is not null)
            {
                Restore(model, best);
            }
        }
        finally
        {
            if (best is not null)
            {
                foreach (var t in best.Values)
                {
                    t.Dispose();
                }
            }
        }

        history.SamplesPerSecond = samplesSeen / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        model.eval();
        return history;
    }

    /// <summary>Mean loss and top-1 accuracy of <paramref name="model"/> on <paramref name="data"/> (eval mode, no gradients).</summary>
    public (double Loss, double Accuracy) Evaluate(TimbreModel model, TensorDataset data, Tensor? classWeights = null)
    {
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        foreach (int[] indices in data.ShuffledBatches(_options.BatchSize, null))
        {
            using var scope = NewDisposeScope();
            Tensor input = data.ToTensor(data.GatherFeatures(indices), indices.Length);
            Tensor targets = tensor(data.GatherTargets(indices), [indices.Length, data.Classes]);
            Tensor logits = model.forward(input);
            lossSum += Losses.Compute(_options.Loss, logits, targets, classWeights).item<float>() * indices.Length;
            correct += Losses.Correct(logits, targets, data.MultiLabel);
        }

        model.train(wasTraining);
        return (lossSum / data.Count, correct / (double)data.Count);
    }

    private optim.Optimizer CreateOptimizer(List<TorchSharp.Modules.Parameter> parameters) => _options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(parameters, _options.LearningRate, _options.Beta1, _options.Beta2, weight_decay: _options.WeightDecay),
        OptimizerKind.RmsProp => optim.RMSProp(parameters, _options.LearningRate, weight_decay: _options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(_options.Optimizer)),
    };

    private static void Snapshot(TimbreModel model, ref Dictionary<string, Tensor>? best)
    {
        if (best is not null)
        {
            foreach (var t in best.Values)
            {
                t.Dispose();
            }
        }

        best = [];
        using var scope = NewDisposeScope();
        foreach (var (key, value) in model.state_dict())
        {
            best[key] = value.detach().clone().DetachFromDisposeScope();
        }
    }

    private static void Restore(TimbreModel model, Dictionary<string, Tensor> best)
    {
        using var noGrad = no_grad();
        foreach (var (key, value) in model.state_dict())
        {
            value.copy_(best[key]);
        }
    }
}
