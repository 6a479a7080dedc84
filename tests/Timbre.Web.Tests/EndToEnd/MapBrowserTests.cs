using System.Text.Json;
using Microsoft.Playwright;
using SkiaSharp;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.EndToEnd;

/// <summary>
/// Issue 14 in headless Chromium over the real backend (SQLite catalog, tiny trained model): the library map draws a
/// point per track, a click plays it, A → B draws a path, the colour toggle is aria-pressed; the spectrogram image has
/// axes and a colour bar (checked in screenshot regions, not only "an image loaded").
/// </summary>
[Trait("Category", "Slow")]
[Collection(BrowserSession.Collection)]
public sealed class MapBrowserTests
{
    [Fact]
    public async Task Map_draws_every_track_a_click_plays_and_a_path_is_drawn()
    {
        await using var library = new GenreLibrary();
        await using var session = await BrowserSession.StartAsync(library.Options, library.Backend);
        var (_, page, problems) = await session.NewPageAsync();

        await page.GotoAsync("/taste.html");
        await page.Locator("#signup input[name=name]").FillAsync("mapper");
        await page.Locator("#signup input[name=password]").FillAsync("mapper-password");
        await page.Locator("#signup button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync("mapper");

        await page.GotoAsync("/map.html");
        var canvas = page.Locator("#map");
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
        Assert.Equal(library.Library.Tracks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await canvas.GetAttributeAsync("data-points"));
        var drawn = CountPixels(await canvas.ScreenshotAsync(), c => c.Red < 200 || c.Green < 200 || c.Blue < 200);
        Assert.True(drawn > 12 * 10, $"only {drawn} coloured pixels on the map canvas");

        // Click a point: it plays and is selected.
        var ids = JsonSerializer.Deserialize<long[]>((await page.EvaluateAsync("() => JSON.stringify(window.timbreMap.ids())")).ToString()!)!;
        var first = await PageOf(page, ids[0]);
        await page.Mouse.ClickAsync(first.X, first.Y);
        var title = await page.Locator("#selected a.title").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(title));
        await Assertions.Expect(page.Locator("#player-now .t")).ToHaveTextAsync(title!);
        await page.Locator("#path-from").ClickAsync();

        var last = await PageOf(page, ids[^1]);
        await page.Mouse.ClickAsync(last.X, last.Y);
        await page.Locator("#path-to").ClickAsync();
        await Assertions.Expect(page.Locator("#path li")).Not.ToHaveCountAsync(0);
        var path = JsonSerializer.Deserialize<long[]>((await page.EvaluateAsync("() => JSON.stringify(window.timbreMap.path)")).ToString()!)!;
        Assert.True(path.Length >= 2 && path[0] == ids[0] && path[^1] == ids[^1], $"path {string.Join(",", path)}");

        // Colour toggle: state in aria-pressed, not colour only.
        await Assertions.Expect(page.Locator("#by-genre")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Locator("#by-album").ClickAsync();
        await Assertions.Expect(page.Locator("#by-album")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#by-genre")).ToHaveAttributeAsync("aria-pressed", "false");
        await BrowserSession.ScreenshotAsync(page, "map.png");

        // The spectrogram of the same track: axes and colour bar around the picture.
        await page.GotoAsync($"/track.html?id={ids[0]}");
        var image = page.Locator("#spectrogram");
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('spectrogram'); return i.complete && i.naturalWidth > 0; }", null, new() { Timeout = 60_000 });
        await BrowserSession.ScreenshotAsync(page, "track-spectrogram.png");
        await page.EvaluateAsync("() => document.querySelector('footer.player').style.display = 'none'"); // the fixed bar may cover it
        using var shot = SKBitmap.Decode(await image.ScreenshotAsync());
        AssertAxisStrip(shot, 0, 0, shot.Width * 8 / 100, shot.Height, "frequency axis (left)");
        AssertAxisStrip(shot, 0, shot.Height * 88 / 100, shot.Width, shot.Height, "time axis (bottom)");
        var bar = Region(shot, shot.Width * 86 / 100, shot.Height / 4, shot.Width, shot.Height * 3 / 4);
        Assert.True(bar.Count(IsWhite) > bar.Count / 4, "no margin around the colour bar");
        var hues = bar.Where(c => !IsWhite(c) && !IsDark(c)).Select(c => (c.Red / 16, c.Green / 16, c.Blue / 16)).Distinct().Count();
        Assert.True(hues >= 20, $"colour bar strip has only {hues} distinct colours");
        Assert.Empty(problems);
    }

    /// <summary>Scrolls the track's point to the middle of the viewport (clear of the fixed player bar) and gives its viewport position.</summary>
    private static async Task<(float X, float Y)> PageOf(IPage page, long id)
    {
        await page.EvaluateAsync($"() => {{ const p = window.timbreMap.pageOf({id}); window.scrollTo(0, p.y - (window.innerHeight / 3)); }}");
        var json = (await page.EvaluateAsync($"() => JSON.stringify(window.timbreMap.pageOf({id}))")).ToString()!;
        using var doc = JsonDocument.Parse(json);
        var (x, y) = (doc.RootElement.GetProperty("x").GetSingle(), doc.RootElement.GetProperty("y").GetSingle());
        return (x - await page.EvaluateAsync<float>("() => window.scrollX"), y - await page.EvaluateAsync<float>("() => window.scrollY"));
    }

    /// <summary>An axis strip is mostly page/figure background with dark tick labels in it (a full-bleed heatmap has neither).</summary>
    private static void AssertAxisStrip(SKBitmap bitmap, int x0, int y0, int x1, int y1, string what)
    {
        var pixels = Region(bitmap, x0, y0, x1, y1);
        var white = pixels.Count(IsWhite);
        var dark = pixels.Count(IsDark);
        Assert.True(white > pixels.Count / 2, $"{what}: only {white} of {pixels.Count} background pixels");
        Assert.True(dark >= 30, $"{what}: only {dark} dark (label) pixels");
    }

    private static bool IsWhite(SKColor c) => c.Red > 235 && c.Green > 235 && c.Blue > 235;

    private static bool IsDark(SKColor c) => c.Red < 110 && c.Green < 110 && c.Blue < 110;

    private static List<SKColor> Region(SKBitmap bitmap, int x0, int y0, int x1, int y1)
    {
        var list = new List<SKColor>();
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                list.Add(bitmap.GetPixel(x, y));
            }
        }

        return list;
    }

    private static int CountPixels(byte[] png, Func<SKColor, bool> keep)
    {
        using var bitmap = SKBitmap.Decode(png);
        return Region(bitmap, 0, 0, bitmap.Width, bitmap.Height).Count(keep);
    }
}
