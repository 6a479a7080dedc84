using Timbre.Evaluation.Reports;
using Timbre.Training.Pipeline;
using Timbre.Training.Training;

namespace Timbre.Training.Experiments;

/// <summary>One evaluated model for a report: its name, test result, curves and optional cross-validation.</summary>
/// <param name="Name">Model name (its kind in comparisons).</param>
/// <param name="Result">Test result, or null for a cross-validation-only entry.</param>
/// <param name="History">Training curves, when trained in this run.</param>
/// <param name="CrossValidation">Cross-validation, when run.</param>
public sealed record ModelRun(string Name, EvaluationResult? Result, TrainingHistory? History, CrossValidationReport? CrossValidation = null);
