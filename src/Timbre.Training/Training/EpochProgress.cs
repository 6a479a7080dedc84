namespace Timbre.Training.Training;

/// <summary>Progress of a training run, reported after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Maximum epochs.</param>
/// <param name="Batch">1-based batch within the epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Accuracy">Training accuracy of the epoch so far (top-1).</param>
/// <param name="SamplesPerSecond">Training throughput of the epoch so far.</param>
/// <param name="Eta">Estimated time left for the remaining epochs at the current speed.</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="ValidationLoss">Validation loss (only at epoch end with validation data).</param>
/// <param name="ValidationAccuracy">Validation accuracy (only at epoch end with validation data).</param>
/// <param name="EpochEnd">True for the report closing an epoch.</param>
public sealed record EpochProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double Accuracy,
    double SamplesPerSecond,
    TimeSpan Eta,
    double LearningRate,
    double? ValidationLoss,
    double? ValidationAccuracy,
    bool EpochEnd);
