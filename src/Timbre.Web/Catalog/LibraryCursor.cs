using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Timbre.Core.Catalog;
using Timbre.Core.Errors;

namespace Timbre.Web.Catalog;

/// <summary>
/// The library's keyset cursor on the wire: a <see cref="TrackCursor"/> as base64url JSON, opaque to clients. A
/// cursor that does not decode, or was made for another sort, is a client error (<see cref="TimbreException"/>).
/// </summary>
internal static class LibraryCursor
{
    private const int MaxLength = 4096;

    public static string Encode(TrackCursor cursor)
    {
        var wire = new Wire((int)cursor.Sort, cursor.Descending, cursor.Id, cursor.Text, cursor.Number);
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(wire));
    }

    public static TrackCursor Decode(string text)
    {
        if (text.Length > MaxLength)
        {
            throw Invalid();
        }

        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw Invalid();
        }

        if (wire is null || !Enum.IsDefined((TrackSort)wire.S) || (wire.N is { } n && !double.IsFinite(n)))
        {
            throw Invalid();
        }

        return new TrackCursor((TrackSort)wire.S, wire.D, wire.I, wire.T, wire.N);
    }

    private static TimbreException Invalid() => new("The page cursor (after) is not one this server made; start from the first page.");

    /// <summary>Short field names keep the cursor short in URLs.</summary>
    private sealed record Wire(int S, bool D, long I, string? T, double? N);
}
