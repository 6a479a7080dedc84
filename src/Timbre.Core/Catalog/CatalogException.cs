using Timbre.Core.Errors;

namespace Timbre.Core.Catalog;

/// <summary>The catalog cannot do what was asked: bad input, a conflict, a corrupt row or an unsupported schema.</summary>
public sealed class CatalogException : TimbreException
{
    /// <summary>Creates the exception.</summary>
    public CatalogException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
