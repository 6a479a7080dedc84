using Timbre.Core.Errors;

namespace Timbre.Data.Baselines;

/// <summary>Settings of <see cref="SoftmaxRegression"/>: full-batch gradient descent with Nesterov momentum.</summary>
public sealed record SoftmaxRegressionOptions
{
    /// <summary>L2 penalty λ on the weights (not the biases): loss = mean cross-entropy + λ/2 · ‖W‖². Default 1e-2.</summary>
    public double L2 { get; init; } = 1e-2;

    /// <summary>Step size; null (default) = 1/L with L the loss's curvature bound (½·λmax(XᵀX/n) + λ), found by power iteration.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum coefficient in [0, 1). Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Full-batch iterations. Default 500.</summary>
    public int Iterations { get; init; } = 500;

    /// <summary>Stop when the loss improves by less than this over an iteration. Default 1e-7.</summary>
    public double Tolerance { get; init; } = 1e-7;

    /// <summary>Throws <see cref="InvalidOptionsException"/> for a value out of range.</summary>
    public SoftmaxRegressionOptions Validate()
    {
        if (!(L2 >= 0) || LearningRate is <= 0 || (LearningRate is double r && !double.IsFinite(r)) || !(Momentum is >= 0 and < 1) || Iterations < 1 || !(Tolerance >= 0))
        {
            throw new InvalidOptionsException($"Invalid logistic regression settings: L2 {L2}, rate {LearningRate}, momentum {Momentum}, iterations {Iterations}, tolerance {Tolerance}.");
        }

        return this;
    }
}
