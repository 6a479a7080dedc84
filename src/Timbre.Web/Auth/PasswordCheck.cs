using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Timbre.Web.Backend;

namespace Timbre.Web.Auth;

/// <summary>
/// Checks a password so that an unknown name costs what a known one does: without a user (or a user without a
/// login) the password is verified against a hash of a random password made with the same hasher and work
/// factor, so the answer time does not tell which names exist.
/// </summary>
internal sealed class PasswordCheck
{
    private static readonly WebUser Nobody = new(0, "", "");
    private readonly IPasswordHasher<WebUser> _hasher;
    private readonly string _dummyHash;

    public PasswordCheck(IPasswordHasher<WebUser> hasher)
    {
        _hasher = hasher;
        _dummyHash = hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    /// <summary>Whether <paramref name="password"/> is the user's; always does one full hash verification.</summary>
    public bool Verify(WebUser? user, string password)
    {
        if (user is not { PasswordHash.Length: > 0 })
        {
            _hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            return false;
        }

        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>A hash of a new password.</summary>
    public string Hash(WebUser user, string password) => _hasher.HashPassword(user, password);
}
