namespace Timbre.Web.Subsonic;

/// <summary>The Subsonic error codes this server answers with.</summary>
internal static class SubsonicCodes
{
    /// <summary>A generic error.</summary>
    public const int Generic = 0;

    /// <summary>A required parameter is missing.</summary>
    public const int MissingParameter = 10;

    /// <summary>Wrong user name or password.</summary>
    public const int WrongCredentials = 40;

    /// <summary>Token authentication (u + t + s) is not supported.</summary>
    public const int TokenAuthNotSupported = 41;

    /// <summary>The authentication mechanism given is not supported.</summary>
    public const int AuthMechanismNotSupported = 42;

    /// <summary>More than one authentication mechanism was given.</summary>
    public const int ConflictingAuth = 43;

    /// <summary>The API key is not valid.</summary>
    public const int InvalidApiKey = 44;

    /// <summary>The user may not do this.</summary>
    public const int NotAuthorized = 50;

    /// <summary>The requested data was not found.</summary>
    public const int NotFound = 70;
}

/// <summary>A Subsonic error answer (HTTP 200 with <c>status="failed"</c>, as players expect).</summary>
internal sealed class SubsonicException(int code, string message) : Exception(message)
{
    /// <summary>The Subsonic error code.</summary>
    public int Code { get; } = code;

    /// <summary>Error 10 for a missing parameter.</summary>
    public static SubsonicException Missing(string name) => new(SubsonicCodes.MissingParameter, $"Required parameter '{name}' is missing.");

    /// <summary>Error 70 for an unknown id.</summary>
    public static SubsonicException NotFound(string what) => new(SubsonicCodes.NotFound, $"{what} not found.");
}
