using Npgsql;
using Timbre.Core.Catalog;

namespace Timbre.Storage.Postgres;

/// <summary>
/// The PostgreSQL forms of the catalog argument: a URL (<c>postgresql://user:password@host:port/database?sslmode=…</c>,
/// also <c>postgres://</c>; a unix-socket folder as <c>?host=/run/postgresql</c>) or an Npgsql connection string
/// (<c>Host=…;Database=…</c>).
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Whether <paramref name="catalog"/> names a PostgreSQL catalog (a URL or a connection string) rather than a file.</summary>
    public static bool IsPostgres(string catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var text = catalog.TrimStart();
        return text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || (text.Contains('=', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal)
                && (text.Contains("host=", StringComparison.OrdinalIgnoreCase) || text.Contains("server=", StringComparison.OrdinalIgnoreCase)))
            || text.StartsWith("host=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a URL or a connection string into Npgsql settings.</summary>
    /// <exception cref="CatalogException">The text is neither a valid URL nor a valid connection string, or names no database.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var text = catalog.Trim();
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = text.Contains("://", StringComparison.Ordinal) ? FromUrl(text) : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            throw new CatalogException($"Not a valid PostgreSQL catalog address '{Describe(text)}': {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new CatalogException($"The PostgreSQL catalog address '{Describe(text)}' names no host.");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new CatalogException($"The PostgreSQL catalog address '{Describe(text)}' names no database (postgresql://user@host:port/DATABASE).");
        }

        return builder;
    }

    /// <summary>How the catalog is named in messages: host, port and database, never a password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder b) =>
        $"postgresql://{(string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@")}{b.Host}:{b.Port}/{b.Database}";

    private static string Describe(string text)
    {
        // Drop a password from a URL or a connection string before it reaches a message.
        if (text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{uri.AbsolutePath}";
        }

        return string.Join(';', text.Split(';').Where(p => !p.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase)));
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new FormatException($"the scheme must be postgresql://, not {uri.Scheme}://");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(uri.Host) ? null : uri.Host,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "host":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    builder.Password = value;
                    break;
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new FormatException($"unknown URL parameter '{key}' (known: host, port, user, password, sslmode, application_name, connect_timeout)");
            }
        }

        return builder;
    }
}
