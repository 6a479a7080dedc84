using Timbre.Inference;
using Timbre.Inference.Features;
using Timbre.Inference.Packaging;

namespace Timbre.Training.Pipeline;

/// <summary>
/// Writing a <see cref="TrainedModel"/> as a <see cref="PackagedModel"/>: an extension, so <c>PackagedModel.Save(dir,
/// trained, …)</c> reads as before while the inference assembly knows nothing of training.
/// </summary>
public static class TrainedModelPackaging
{
    extension(PackagedModel)
    {
        /// <summary>Writes <paramref name="trained"/> as a package into <paramref name="directory"/>.</summary>
        public static ModelManifest Save(string directory, TrainedModel trained, IReadOnlyDictionary<string, double> metrics, TrainingDataSummary data)
        {
            ArgumentNullException.ThrowIfNull(trained);
            return PackagedModel.Save(directory, trained.Model, new ModelInput(trained.Representation, trained.Normalization), trained.Labels, metrics, data);
        }
    }
}
