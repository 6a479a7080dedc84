using Timbre.Core.Errors;

namespace Timbre.Models.Common;

/// <summary>Settings shared by every model: the number of output classes.</summary>
public abstract record ModelOptions
{
    /// <summary>Number of classes (logits). Default 10 (GTZAN genres).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Throws <see cref="InvalidOptionsException"/> when a value is outside its documented range.</summary>
    public virtual void Validate()
    {
        Require(Classes >= 2, $"Classes must be at least 2 (got {Classes}).");
    }

    /// <summary>Throws <see cref="InvalidOptionsException"/> with <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    protected static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOptionsException(message);
        }
    }
}
