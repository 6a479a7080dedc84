using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Timbre.Core.Errors;

namespace Timbre.Web;

/// <summary>Loads the HTTPS certificate named by <see cref="TimbreWebOptions"/> (PKCS#12, or PEM certificate + key).</summary>
internal static class HttpsCertificate
{
    /// <summary>The certificate with its private key; a clear <see cref="InvalidOptionsException"/> naming the file otherwise.</summary>
    public static X509Certificate2 Load(TimbreWebOptions options)
    {
        var file = options.HttpsCertificateFile ?? throw new InvalidOptionsException("No HTTPS certificate is configured.");
        X509Certificate2 certificate;
        try
        {
            certificate = options.HttpsKeyFile is { } key
                ? options.HttpsCertificatePassword is { } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(file, password, key)
                    : X509Certificate2.CreateFromPemFile(file, key)
                : X509CertificateLoader.LoadPkcs12FromFile(file, options.HttpsCertificatePassword);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOptionsException($"Cannot load the HTTPS certificate {file}{(options.HttpsKeyFile is null ? "" : " with key " + options.HttpsKeyFile)}: {e.Message}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOptionsException($"The HTTPS certificate {file} has no private key (give a .pfx with its key, or --https-key for a PEM certificate).");
        }

        return certificate;
    }
}
