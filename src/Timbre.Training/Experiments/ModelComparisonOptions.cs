using Timbre.Core.Errors;
using Timbre.Models;
using Timbre.Training.Pipeline;

namespace Timbre.Training.Experiments;

/// <summary>Options of <see cref="ModelComparison"/>.</summary>
public sealed record ModelComparisonOptions
{
    /// <summary>Model kinds trained on the split (see <see cref="ModelFactory.ClassifierKinds"/>).</summary>
    public required IReadOnlyList<string> Kinds { get; init; }

    /// <summary>Kinds also cross-validated; "best" stands for the best on the test split. Default none.</summary>
    public IReadOnlyList<string> CrossValidationKinds { get; init; } = [];

    /// <summary>Cross-validation folds (at least 2 when any kind is cross-validated); default 10.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Folder for the report, results/KIND.json, cv-KIND reports and models/KIND packages.</summary>
    public required string Output { get; init; }

    /// <summary>Reuse OUT/results/KIND.json and OUT/cv-KIND/report.json of earlier runs instead of retraining.</summary>
    public bool Resume { get; init; }

    /// <summary>Split and fold seed.</summary>
    public int Seed { get; init; }

    /// <summary>The corpus as the user named it (for the settings table).</summary>
    public required string Data { get; init; }

    /// <summary>Pipeline of the spectrogram models; the summary-vector models use it with their own epochs and patience.</summary>
    public required PipelineOptions Pipeline { get; init; }

    /// <summary>Maximum epochs of the summary-vector models (logreg, svm, mlp, stats-cnn1d); default 200.</summary>
    public int VectorEpochs { get; init; } = 200;

    /// <summary>Early-stopping patience of the summary-vector models; default 20.</summary>
    public int VectorPatience { get; init; } = 20;

    /// <summary>Throws <see cref="InvalidOptionsException"/> on an unknown kind or too few folds.</summary>
    public ModelComparisonOptions Validate()
    {
        if (Kinds.Count == 0)
        {
            throw new InvalidOptionsException("A comparison needs at least one model kind.");
        }

        foreach (string k in Kinds)
        {
            ModelFactory.OptionsType(k);
        }

        if (CrossValidationKinds.Count > 0 && Folds < 2)
        {
            throw new InvalidOptionsException($"--folds must be at least 2; got {Folds}.");
        }

        return this;
    }
}
