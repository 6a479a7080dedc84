namespace Timbre.Core.Errors;

/// <summary>Base of every error Timbre reports to a user: the message is one clear sentence.</summary>
public class TimbreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TimbreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
