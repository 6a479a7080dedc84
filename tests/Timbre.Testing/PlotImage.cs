using System.Buffers.Binary;
using System.IO.Compression;

namespace Timbre.Testing;

/// <summary>
/// A decoded PNG (8-bit grey, RGB, grey+alpha or RGBA, not interlaced — what ScottPlot/Skia write) and the checks
/// that tell a chart from a blank one: a chart draws its data in colour, while an empty chart is only white
/// background, grey grid, black axes and text.
/// </summary>
public sealed class PlotImage
{
    private readonly uint[] _rgba;

    private PlotImage(int width, int height, uint[] rgba)
    {
        Width = width;
        Height = height;
        _rgba = rgba;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Reads and decodes a PNG file.</summary>
    public static PlotImage Load(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>Decodes PNG bytes; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static PlotImage Decode(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at, 4));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                channels = data[9] switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
                if (data[8] != 8 || channels == 0 || data[12] != 0)
                {
                    throw new InvalidDataException($"Unsupported PNG: bit depth {data[8]}, colour type {data[9]}, interlace {data[12]}.");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        z.ReadExactly(raw);
        return new PlotImage(width, height, Unfilter(raw, width, height, channels));
    }

    /// <summary>The pixel at (x, y) as 0xRRGGBBAA.</summary>
    public uint this[int x, int y] => _rgba[y * Width + x];

    /// <summary>
    /// Share of the pixels left of the colour-bar strip (the right 15 % of the image, where a heatmap's colour bar is
    /// drawn whatever the data) that are coloured — max(r, g, b) − min(r, g, b) above 40 on opaque pixels — and how
    /// many distinct such colours there are. Backgrounds, grids, axes and text are white, grey or black.
    /// </summary>
    public (double Share, int Colours) ColouredShare()
    {
        int x0 = 0, y0 = 0, x1 = (int)(Width * 0.85), y1 = Height;
        var coloured = 0;
        var colours = new HashSet<uint>();
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = this[x, y];
                int r = (int)(p >> 24), g = (int)(p >> 16) & 0xFF, b = (int)(p >> 8) & 0xFF, a = (int)p & 0xFF;
                if (a > 128 && Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > 40)
                {
                    coloured++;
                    colours.Add(p);
                }
            }
        }

        return ((double)coloured / ((x1 - x0) * (y1 - y0)), colours.Count);
    }

    /// <summary>
    /// Asserts that the PNG at <paramref name="path"/> has the expected size (when given) and draws data: at least
    /// <paramref name="minShare"/> of it coloured (<see cref="ColouredShare"/>), in at least
    /// <paramref name="minColours"/> colours. A blank chart (axes, grid and title only) has none.
    /// </summary>
    public static void AssertChart(string path, int? width = null, int? height = null, double minShare = 0.002, int minColours = 2) =>
        AssertChart(File.ReadAllBytes(path), path, width, height, minShare, minColours);

    /// <summary>As <see cref="AssertChart(string, int?, int?, double, int)"/> on PNG bytes named <paramref name="name"/>.</summary>
    public static void AssertChart(byte[] png, string name, int? width = null, int? height = null, double minShare = 0.002, int minColours = 2)
    {
        var image = Decode(png);
        if (width is { } w && image.Width != w || height is { } h && image.Height != h)
        {
            throw new InvalidDataException($"{name} is {image.Width}×{image.Height}, expected {width}×{height}.");
        }

        var (share, colours) = image.ColouredShare();
        if (share < minShare || colours < minColours)
        {
            throw new InvalidDataException(
                $"{name} looks blank: {share:P2} of the plotting area coloured in {colours} colours (need ≥ {minShare:P2} in ≥ {minColours}).");
        }
    }

    private static uint[] Unfilter(byte[] raw, int width, int height, int channels)
    {
        var stride = width * channels;
        var previous = new byte[stride];
        var line = new byte[stride];
        var rgba = new uint[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan(y * (stride + 1) + 1, stride).CopyTo(line);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? line[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Bad PNG filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                var p = line.AsSpan(x * channels, channels);
                rgba[y * width + x] = channels switch
                {
                    1 => (uint)(p[0] << 24 | p[0] << 16 | p[0] << 8 | 0xFF),
                    2 => (uint)(p[0] << 24 | p[0] << 16 | p[0] << 8 | p[1]),
                    3 => (uint)(p[0] << 24 | p[1] << 16 | p[2] << 8 | 0xFF),
                    _ => (uint)(p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]),
                };
            }

            (previous, line) = (line, previous);
        }

        return rgba;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
