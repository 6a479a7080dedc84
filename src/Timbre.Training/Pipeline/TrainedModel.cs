using Timbre.Inference.Features;
using Timbre.Models.Common;
using Timbre.Training.Training;

namespace Timbre.Training.Pipeline;

/// <summary>A model trained by <see cref="ModelPipeline"/> with everything needed to package it. Disposing frees the model.</summary>
/// <param name="Kind">Model kind.</param>
/// <param name="Model">The trained network (best validation checkpoint restored).</param>
/// <param name="Representation">Its input representation.</param>
/// <param name="Normalization">Training-set z-scoring.</param>
/// <param name="Labels">Genre names, index = class.</param>
/// <param name="History">Per-epoch curves (head then fine-tune for transfer learning).</param>
/// <param name="Notes">What was done beyond plain training (e.g. the transfer source task).</param>
public sealed record TrainedModel(
    string Kind, TimbreModel Model, Representation Representation, Normalization Normalization, IReadOnlyList<string> Labels,
    TrainingHistory History, IReadOnlyList<string> Notes) : IDisposable
{
    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}
