namespace Timbre.Core.Errors;

/// <summary>
/// A trained-model package or weights file cannot be used: missing or corrupt manifest or weights, made with other
/// feature parameters or another Timbre major version, or tensors that do not fit the model.
/// </summary>
public sealed class ModelPackageException : TimbreException
{
    /// <summary>Creates the exception for the package or file at <paramref name="path"/>.</summary>
    public ModelPackageException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The package folder or weights file.</summary>
    public string Path { get; }

    /// <summary>Why it cannot be used, without the path.</summary>
    public string Reason { get; }
}
