using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Timbre.Web.Imaging;

namespace Timbre.Web.Subsonic;

/// <summary>
/// Cover pictures for players: the art embedded in a track's file (read through the decoder's hardened ffmpeg path, in
/// the analysis queue, cached), else a generated tile: a diagonal two-colour gradient whose colours come from the id,
/// so an album keeps its colours. Ids name catalog objects only; no request ever names a file.
/// </summary>
internal sealed class CoverArt
{
    private const long CacheLimitBytes = 32L << 20;
    private readonly ConcurrentDictionary<(string Id, int Size), byte[]> _cache = new();
    private long _bytes;

    /// <summary>A cached picture, or null.</summary>
    public byte[]? Cached(string id, int size) => _cache.GetValueOrDefault((id, size));

    /// <summary>Keeps a picture (the whole cache is dropped when it would pass 32 MB: simple and bounded).</summary>
    public void Keep(string id, int size, byte[] png)
    {
        if (Interlocked.Add(ref _bytes, png.Length) > CacheLimitBytes)
        {
            _cache.Clear();
            Interlocked.Exchange(ref _bytes, png.Length);
        }

        _cache[(id, size)] = png;
    }

    /// <summary>A <paramref name="size"/>-pixel square tile for <paramref name="id"/>.</summary>
    public static byte[] Tile(string id, int size)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        var (r0, g0, b0) = Colour(hash[0] / 255.0, 0.55, 0.45);
        var (r1, g1, b1) = Colour(((hash[0] / 255.0) + 0.25 + (hash[1] / 1024.0)) % 1, 0.6, 0.25);
        var rgb = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var t = (x + y) / (2.0 * Math.Max(1, size - 1));
                var i = ((y * size) + x) * 3;
                rgb[i] = (byte)((r0 * (1 - t)) + (r1 * t));
                rgb[i + 1] = (byte)((g0 * (1 - t)) + (g1 * t));
                rgb[i + 2] = (byte)((b0 * (1 - t)) + (b1 * t));
            }
        }

        return PngWriter.Encode(rgb, size, size);
    }

    /// <summary>HSL (hue in [0, 1)) to 0–255 RGB.</summary>
    private static (double R, double G, double B) Colour(double hue, double saturation, double lightness)
    {
        var c = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        var h = hue * 6;
        var x = c * (1 - Math.Abs((h % 2) - 1));
        var (r, g, b) = h switch
        {
            < 1 => (c, x, 0.0),
            < 2 => (x, c, 0.0),
            < 3 => (0.0, c, x),
            < 4 => (0.0, x, c),
            < 5 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        var m = lightness - (c / 2);
        return ((r + m) * 255, (g + m) * 255, (b + m) * 255);
    }
}
