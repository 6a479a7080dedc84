using System.Globalization;
using Timbre.Core.Errors;

namespace Timbre.Web.Api;

/// <summary>Parses optional query-string values, turning bad ones into one clear 400 message.</summary>
internal static class QueryParsing
{
    public static T ParseEnum<T>(string? value, T fallback, string name)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new TimbreException($"Unknown {name} '{value}'; use one of: {allowed}.");
    }

    public static int Count(int? n, TimbreWebOptions options)
    {
        var count = n ?? options.DefaultCount;
        if (count < 1 || count > options.MaxCount)
        {
            throw new TimbreException($"n must be 1–{options.MaxCount}, got {count.ToString(CultureInfo.InvariantCulture)}.");
        }

        return count;
    }
}
