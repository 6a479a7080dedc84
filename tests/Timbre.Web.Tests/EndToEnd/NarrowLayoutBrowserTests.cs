using Microsoft.Playwright;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.EndToEnd;

/// <summary>
/// Issue 14: every page fits a phone (360 and 390 px: the document is no wider than the viewport and the player's Play
/// button is on screen), and the accessibility attributes are there and follow the state.
/// </summary>
[Trait("Category", "Slow")]
[Collection(BrowserSession.Collection)]
public sealed class NarrowLayoutBrowserTests
{
    private static readonly string[] Pages = ["/", "/map.html", "/upload.html", "/taste.html", "/track.html?id=1"];

    [Fact]
    public async Task Every_page_fits_390_and_360_px_and_aria_state_follows_clicks()
    {
        using var dir = new TempDir();
        var backend = new InMemoryBackend();
        for (var i = 0; i < 6; i++)
        {
            var path = dir.File($"t{i}.wav");
            File.WriteAllBytes(path, TestWav.Tone(200 + (40 * i), 1.0));
            backend.Add($"A rather long song title number {i} that wraps", path, InMemoryBackend.Labels[i % 4], 1990 + i, 1.0, artist: "An Artist With A Long Name");
        }

        var options = new TimbreWebOptions { TempDirectory = dir.File("tmp"), LibraryDirectory = dir.File("lib") };
        Directory.CreateDirectory(options.TempDirectory);
        await using var session = await BrowserSession.StartAsync(options, backend);
        foreach (var width in new[] { 390, 360 })
        {
            var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 }, BaseURL = session.BaseUrl });
            var page = await context.NewPageAsync();
            foreach (var signedIn in new[] { false, true })
            {
                if (signedIn)
                {
                    await page.GotoAsync("/taste.html");
                    await page.Locator("#signup input[name=name]").FillAsync($"narrow{width}");
                    await page.Locator("#signup input[name=password]").FillAsync("narrow-password");
                    await page.Locator("#signup button[type=submit]").ClickAsync();
                    await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync($"narrow{width}", new() { Timeout = 60_000 });
                }

                foreach (var path in Pages)
                {
                    await page.GotoAsync(path);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    var documentWidth = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
                    await BrowserSession.ScreenshotAsync(page, $"narrow-{width}{(signedIn ? "-in" : "")}{path.Replace('/', '_').Replace('?', '_')}.png");
                    Assert.True(documentWidth <= width, $"{path} at {width} px ({(signedIn ? "signed in" : "signed out")}): document is {documentWidth} px wide");
                    var play = await page.Locator("#player-play").BoundingBoxAsync();
                    Assert.NotNull(play);
                    Assert.True(play.X >= 0 && play.X + play.Width <= width, $"{path} at {width} px: Play button at x {play.X}–{play.X + play.Width}");
                }
            }

            await context.CloseAsync();
        }

        // Aria: like toggles are aria-pressed and follow a click; tabs too; errors and progress are announced.
        var (_, wide, problems) = await session.NewPageAsync();
        await wide.GotoAsync("/taste.html");
        await wide.Locator("#signup input[name=name]").FillAsync("aria");
        await wide.Locator("#signup input[name=password]").FillAsync("aria-password");
        await wide.Locator("#signup button[type=submit]").ClickAsync();
        await Assertions.Expect(wide.Locator("#name")).ToHaveTextAsync("aria");
        await wide.GotoAsync("/");
        var like = wide.Locator("#rows tr").First.Locator("button.like");
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "false");
        await like.ClickAsync();
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(wide.Locator("#error")).ToHaveAttributeAsync("aria-live", "assertive");

        await wide.GotoAsync("/track.html?id=1");
        var second = wide.Locator("#methods button").Nth(1);
        await Assertions.Expect(second).ToHaveAttributeAsync("aria-pressed", "false");
        await second.ClickAsync();
        await Assertions.Expect(second).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(wide.Locator("#methods button").First).ToHaveAttributeAsync("aria-pressed", "false");

        await wide.GotoAsync("/upload.html");
        var bar = wide.Locator("[role=progressbar]#progress");
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "0");
        await wide.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "clip.wav", MimeType = "audio/wav", Buffer = TestWav.Tone(330, 1.0) });
        await Assertions.Expect(wide.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.NotEqual("0", await bar.GetAttributeAsync("aria-valuenow"));

        // The API reference page is reachable from the footer and renders the OpenAPI document.
        await wide.Locator("footer.site a", new() { HasText = "API reference" }).ClickAsync();
        await wide.WaitForURLAsync("**/scalar/v1");
        // Tag links are rendered up front; operation links only when their tag is opened (lazily, in a larger document).
        await Assertions.Expect(wide.Locator("a[href='#tag/map']").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(wide.Locator("a[href='#tag/health']").First).ToBeAttachedAsync();
        await BrowserSession.ScreenshotAsync(wide, "api-reference.png");
        Assert.Empty(problems);
    }
}
