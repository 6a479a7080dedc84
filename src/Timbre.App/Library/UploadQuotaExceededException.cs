using Timbre.Core.Errors;

namespace Timbre.App.Library;

/// <summary>Adding the upload would pass the user's library quota (the web answers 403).</summary>
public sealed class UploadQuotaExceededException(string message) : TimbreException(message);
