using static TorchSharp.torch;

namespace Timbre.Models.Common;

/// <summary>Hidden-layer activation choice (seed 000 compared ReLU with ELU).</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>Exponential linear unit, α = 1.</summary>
    Elu,
}

/// <summary>Builds activation modules.</summary>
public static class ActivationLayers
{
    /// <summary>A module computing <paramref name="activation"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(Activation activation) => activation switch
    {
        Activation.Relu => nn.ReLU(),
        Activation.Elu => nn.ELU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
