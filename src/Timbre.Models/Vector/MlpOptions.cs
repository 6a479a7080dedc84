namespace Timbre.Models.Vector;

/// <summary>Options of <see cref="Mlp"/>.</summary>
public sealed record MlpOptions : VectorModelOptions
{
    /// <summary>Hidden layer width (the embedding). Default 100 (scikit-learn's MLPClassifier default).</summary>
    public int Hidden { get; init; } = 100;

    /// <summary>Dropout after the hidden layer, in [0, 1). Default 0.</summary>
    public double Dropout { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(Hidden > 0, "Hidden must be positive.");
        Require(Dropout >= 0 && Dropout < 1, "Dropout must be in [0, 1).");
    }
}
