namespace Timbre.Training.Training;

/// <summary>Computes the learning rate of the next epoch from <see cref="TrainerOptions"/>' schedule.</summary>
public sealed class LearningRateSchedule
{
    private readonly TrainerOptions _options;
    private double _best = double.PositiveInfinity;
    private int _bad;

    /// <summary>Starts at the initial learning rate.</summary>
    public LearningRateSchedule(TrainerOptions options)
    {
        _options = options;
        Current = options.LearningRate;
    }

    /// <summary>The rate for the current epoch.</summary>
    public double Current { get; private set; }

    /// <summary>Advances after <paramref name="epoch"/> (1-based) with the monitored loss; returns the new rate.</summary>
    public double Step(int epoch, double monitoredLoss)
    {
        double initial = _options.LearningRate;
        switch (_options.Schedule)
        {
            case ScheduleKind.Step:
                Current = initial * Math.Pow(_options.Gamma, epoch / _options.StepSize);
                break;
            case ScheduleKind.Cosine:
                double min = Math.Min(_options.MinLearningRate, initial);
                Current = min + ((initial - min) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(epoch, _options.Epochs) / _options.Epochs)));
                break;
            case ScheduleKind.ReduceOnPlateau:
                if (monitoredLoss < _best - 1e-8)
                {
                    _best = monitoredLoss;
                    _bad = 0;
                }
                else if (++_bad > _options.PlateauPatience)
                {
                    Current = Math.Max(_options.MinLearningRate, Current * _options.Gamma);
                    _bad = 0;
                }

                break;
        }

        return Current;
    }
}
