namespace Timbre.Training.Training;

/// <summary>Per-epoch record of a training run.</summary>
public sealed class TrainingHistory
{
    /// <summary>Mean training loss per epoch.</summary>
    public List<double> TrainLoss { get; } = [];

    /// <summary>Training accuracy per epoch.</summary>
    public List<double> TrainAccuracy { get; } = [];

    /// <summary>Validation loss per epoch (empty without validation data).</summary>
    public List<double> ValidationLoss { get; } = [];

    /// <summary>Validation accuracy per epoch (empty without validation data).</summary>
    public List<double> ValidationAccuracy { get; } = [];

    /// <summary>Learning rate used in each epoch.</summary>
    public List<double> LearningRate { get; } = [];

    /// <summary>Live TorchSharp tensors on the training thread after each epoch (memory-growth check).</summary>
    public List<long> LiveTensors { get; } = [];

    /// <summary>1-based epoch whose weights were kept (lowest validation loss; the last epoch without validation).</summary>
    public int BestEpoch { get; set; }

    /// <summary>True when early stopping ended the run before the epoch limit.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>Mean training throughput over the run.</summary>
    public double SamplesPerSecond { get; set; }

    /// <summary>Epochs actually run.</summary>
    public int Epochs => TrainLoss.Count;
}
