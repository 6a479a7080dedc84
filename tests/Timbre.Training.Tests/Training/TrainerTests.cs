using Timbre.Core.Errors;
using Timbre.Inference;
using Timbre.Models.Spectrogram;
using Timbre.Models.Transfer;
using Timbre.Models.Vector;
using Timbre.Training.Training;
using static TorchSharp.torch;

namespace Timbre.Training.Tests.Training;

public class TrainerTests
{
    private static Cnn4 SmallCnn(int seed = 1)
    {
        manual_seed(seed);
        return new Cnn4(new Cnn4Options { Height = 16, Width = 16, Filters = [4, 8, 8, 8], Hidden = 16, Dropout = 0.1, Classes = 3 });
    }

    [Fact]
    public void FewSeededStepsLowerTheLoss()
    {
        using var model = SmallCnn();
        var data = Synthetic.Patterns(30, 1);
        var history = new Trainer(new TrainerOptions { Epochs = 4, BatchSize = 10, LearningRate = 0.003, Threads = 1 }).Fit(model, data);
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0], string.Join(", ", history.TrainLoss));
    }

    [Fact]
    public void TinyPatternDatasetTrainsAboveChance()
    {
        using var model = SmallCnn();
        var train = Synthetic.Patterns(30, 1);
        var test = Synthetic.Patterns(10, 2);
        new Trainer(new TrainerOptions { Epochs = 8, BatchSize = 10, LearningRate = 0.003, Threads = 1 }).Fit(model, train);
        var (_, accuracy) = new Trainer(new TrainerOptions()).Evaluate(model, test);
        Assert.True(accuracy > 0.8, $"accuracy {accuracy}");
    }

    [Fact]
    public void SameSeedGivesSameLossSequence()
    {
        var data = Synthetic.Patterns(10, 3);
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = 8, Seed = 7, Threads = 1,
            Augmentation = new AugmentationOptions { MaxTimeShift = 3, MaxGain = 0.5f, MixupAlpha = 0.4, TimeMasks = 1, FrequencyMasks = 1 },
        };
        using var a = SmallCnn(5);
        using var b = SmallCnn(5);
        var first = new Trainer(options).Fit(a, data).TrainLoss;
        var second = new Trainer(options).Fit(b, data).TrainLoss;
        Assert.Equal(first, second);
        using var c = SmallCnn(5);
        Assert.NotEqual(first, new Trainer(options with { Seed = 8 }).Fit(c, data).TrainLoss);
    }

    [Fact]
    public void EarlyStoppingStopsWhenValidationLossStalls()
    {
        using var model = SmallCnn();
        var data = Synthetic.Patterns(6, 4);
        var history = new Trainer(new TrainerOptions { Epochs = 30, Patience = 2, LearningRate = 1e-12, BatchSize = 6, Threads = 1 })
            .Fit(model, data, Synthetic.Patterns(3, 5));
        Assert.True(history.StoppedEarly);
        Assert.True(history.Epochs <= 4, $"ran {history.Epochs} epochs");
    }

    [Fact]
    public void BestWeightsAreRestored()
    {
        using var model = SmallCnn();
        var train = Synthetic.Patterns(10, 6);
        var validation = Synthetic.Patterns(5, 7);
        var trainer = new Trainer(new TrainerOptions { Epochs = 6, BatchSize = 10, LearningRate = 0.01, Threads = 1 });
        var history = trainer.Fit(model, train, validation);
        double best = history.ValidationLoss.Min();
        Assert.Equal(best, trainer.Evaluate(model, validation).Loss, 4);
        Assert.Equal(history.ValidationLoss.IndexOf(best) + 1, history.BestEpoch);
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAcrossEpochs()
    {
        using var model = SmallCnn();
        var history = new Trainer(new TrainerOptions { Epochs = 5, BatchSize = 10, Threads = 1 })
            .Fit(model, Synthetic.Patterns(10, 8), Synthetic.Patterns(4, 9));
        Assert.True(history.LiveTensors[^1] <= history.LiveTensors[1], string.Join(", ", history.LiveTensors));
    }

    [Fact]
    public void HingeLossTrainsLinearSvmAboveChance()
    {
        manual_seed(2);
        using var svm = new LinearSvm(new VectorModelOptions { Length = 20, Classes = 3 });
        var options = new TrainerOptions { Loss = LossKind.MultiClassHinge, Epochs = 10, BatchSize = 16, LearningRate = 0.01, WeightDecay = 1e-4, Threads = 1 };
        var history = new Trainer(options).Fit(svm, Synthetic.Vectors(30, 1));
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0]);
        Assert.True(new Trainer(options).Evaluate(svm, Synthetic.Vectors(20, 2)).Accuracy > 0.7);
    }

    [Fact]
    public void BinaryCrossEntropyLearnsMultiLabelTags()
    {
        manual_seed(3);
        using var mlp = new Mlp(new MlpOptions { Length = 15, Classes = 3, Hidden = 16 });
        var options = new TrainerOptions { Loss = LossKind.BinaryCrossEntropy, Epochs = 10, BatchSize = 20, LearningRate = 0.01, Threads = 1 };
        var history = new Trainer(options).Fit(mlp, Synthetic.MultiLabel(120, 1));
        Assert.True(history.TrainLoss[^1] < 0.5 * history.TrainLoss[0], string.Join(", ", history.TrainLoss));
        var test = Synthetic.MultiLabel(50, 2);
        var probabilities = ForwardPass.Predict(mlp, test.Features, test.SampleShape, test.MultiLabel);
        int right = 0;
        for (int i = 0; i < test.Count; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                right += (probabilities[i, k] > 0.5f) == (test.Targets![(i * 3) + k] > 0.5f) ? 1 : 0;
            }
        }

        Assert.True(right > 0.85 * test.Count * 3, $"{right} of {test.Count * 3}");
    }

    [Fact]
    public void WrongLossForLabelsIsAClearError()
    {
        using var mlp = new Mlp(new MlpOptions { Length = 15, Classes = 3 });
        Assert.Throws<InvalidOptionsException>(() => new Trainer(new TrainerOptions()).Fit(mlp, Synthetic.MultiLabel(10, 1)));
        using var cnn = SmallCnn();
        Assert.Throws<InvalidOptionsException>(() => new Trainer(new TrainerOptions { ClassWeights = [1f, 2f] }).Fit(cnn, Synthetic.Patterns(2, 1)));
    }

    [Fact]
    public void WeightedCrossEntropyMatchesTorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        Tensor logits = randn(6, 3);
        long[] labels = [0, 1, 2, 2, 1, 0];
        Tensor weights = tensor(new[] { 1f, 2f, 0.5f });
        Tensor oneHot = nn.functional.one_hot(tensor(labels), 3).to_type(ScalarType.Float32);
        float ours = Losses.Compute(LossKind.CrossEntropy, logits, oneHot, weights).item<float>();
        float reference = nn.functional.cross_entropy(logits, tensor(labels), weights).item<float>();
        Assert.Equal(reference, ours, 5);
    }

    [Fact]
    public void FrozenBackboneStaysFixedWhileHeadTrains()
    {
        manual_seed(5);
        using var model = new MobileNetV2Gru(new MobileNetV2GruOptions { Height = 32, Width = 32, WidthMultiplier = 0.35, GruHidden = 8, Classes = 3 });
        var data = Synthetic.Patterns(4, 1);
        var resized = new Timbre.Training.Data.TensorDataset(Upsample(data.Features, data.Count), [1, 32, 32], data.Labels!, 3);
        model.FreezeBackbone();
        var before = model.Backbone.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Tensor headBefore = model.parameters().Last().clone();
        new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 6, Threads = 1 }).Fit(model, resized);
        foreach (var (key, value) in model.Backbone.state_dict())
        {
            Assert.True(value.eq(before[key]).all().item<bool>(), key);
        }

        Assert.False(model.parameters().Last().eq(headBefore).all().item<bool>());
        model.UnfreezeBackbone();
        new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 6, LearningRate = 1e-4, Threads = 1 }).Fit(model, resized);
        Assert.False(model.Backbone.state_dict()["features.0.0.weight"].eq(before["features.0.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void TransferFlowCopiesPretrainedBackboneThenFineTunes()
    {
        var data = Synthetic.Patterns(4, 1);
        var resized = new Timbre.Training.Data.TensorDataset(Upsample(data.Features, data.Count), [1, 32, 32], data.Labels!, 3);
        var options = new MobileNetV2GruOptions { Height = 32, Width = 32, WidthMultiplier = 0.35, GruHidden = 8, Classes = 3 };
        manual_seed(6);
        using var source = new MobileNetV2Gru(options with { Classes = 5 });
        manual_seed(7);
        using var target = new MobileNetV2Gru(options);
        var (head, fineTune) = TransferLearning.Run(target, resized, null,
            new TransferOptions { Head = new TrainerOptions { Epochs = 1, BatchSize = 6, Threads = 1 }, FineTuneEpochs = 1 }, source);
        Assert.Equal(1, head.Epochs);
        Assert.NotNull(fineTune);
        Assert.Equal(1e-4, fineTune!.LearningRate[0], 9);
        Assert.False(target.BackboneFrozen);
    }

    [Fact]
    public void SchedulesFollowTheirFormulas()
    {
        var step = new LearningRateSchedule(new TrainerOptions { Schedule = ScheduleKind.Step, StepSize = 2, Gamma = 0.5, LearningRate = 1 });
        Assert.Equal([1.0, 0.5, 0.5, 0.25], new[] { 1, 2, 3, 4 }.Select(e => step.Step(e, 0)).ToArray());
        var cosine = new LearningRateSchedule(new TrainerOptions { Schedule = ScheduleKind.Cosine, Epochs = 4, LearningRate = 1, MinLearningRate = 0 });
        Assert.Equal(0.5, cosine.Step(2, 0), 9);
        Assert.Equal(0.0, cosine.Step(4, 0), 9);
        var plateau = new LearningRateSchedule(new TrainerOptions { Schedule = ScheduleKind.ReduceOnPlateau, PlateauPatience = 1, Gamma = 0.1, LearningRate = 1 });
        Assert.Equal([1.0, 1.0, 0.1], new[] { 1.0, 1.0, 1.0 }.Select((l, i) => plateau.Step(i + 1, l)).ToArray());
    }

    [Fact]
    public void PredictGivesProbabilitiesAndEmbedGivesVectors()
    {
        using var model = SmallCnn();
        var data = Synthetic.Patterns(3, 1);
        var p = ForwardPass.Predict(model, data.Features, data.SampleShape, data.MultiLabel);
        Assert.Equal(9, p.GetLength(0));
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(1.0, p[i, 0] + p[i, 1] + p[i, 2], 5);
        }

        var e = ForwardPass.Embed(model, data.Features, data.SampleShape, batchSize: 4);
        Assert.Equal(new[] { 9, 16 }, new[] { e.GetLength(0), e.GetLength(1) });
    }

    private static float[] Upsample(float[] x, int n)
    {
        var y = new float[n * 32 * 32];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < 32; r++)
            {
                for (int c = 0; c < 32; c++)
                {
                    y[(i * 1024) + (r * 32) + c] = x[(i * 256) + ((r / 2) * 16) + (c / 2)];
                }
            }
        }

        return y;
    }
}
