using Timbre.Web.Backend;

namespace Timbre.Web.Subsonic;

/// <summary>
/// OpenSubsonic API-key authentication, the only way in: <c>apiKey=KEY</c> (created on the account page or with
/// <c>timbre user apikey create</c>). Timbre keeps no plaintext password, so token authentication (u + t + s, an MD5
/// of the password) cannot be checked and is refused with error 41; a clear password (u + p) is refused with error 42
/// so that passwords never travel in URLs; a key together with <c>u</c> is error 43; an unknown key is error 44.
/// </summary>
internal static class SubsonicAuth
{
    /// <summary>The user the request's key signs in as, or a <see cref="SubsonicException"/> with the code above.</summary>
    public static WebUser Authenticate(SubsonicRequest request)
    {
        var key = request.Get("apiKey");
        if (key is not null)
        {
            if (request.Has("u"))
            {
                throw new SubsonicException(SubsonicCodes.ConflictingAuth, "Give either apiKey or u, not both.");
            }

            return request.Player.FindUserByApiKey(key)
                ?? throw new SubsonicException(SubsonicCodes.InvalidApiKey, "Invalid API key.");
        }

        if (request.Has("t") || request.Has("s"))
        {
            throw new SubsonicException(
                SubsonicCodes.TokenAuthNotSupported, "Token authentication is not supported: create an API key on the Timbre account page and use apiKey.");
        }

        if (request.Has("p"))
        {
            throw new SubsonicException(
                SubsonicCodes.AuthMechanismNotSupported, "Password authentication is not supported: create an API key on the Timbre account page and use apiKey.");
        }

        throw SubsonicException.Missing("apiKey");
    }
}
