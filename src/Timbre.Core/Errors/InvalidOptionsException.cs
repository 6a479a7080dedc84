namespace Timbre.Core.Errors;

/// <summary>An options record holds a value outside its documented range.</summary>
public sealed class InvalidOptionsException : TimbreException
{
    /// <summary>Creates the exception.</summary>
    public InvalidOptionsException(string message)
        : base(message)
    {
    }
}
