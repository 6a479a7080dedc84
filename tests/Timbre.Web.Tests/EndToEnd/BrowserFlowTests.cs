using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Timbre.Web.Backend;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.EndToEnd;

/// <summary>
/// The whole app in headless Chromium: upload a generated clip → genre bars and ≥ 5 recommendations → play one →
/// like one → sign out and in → the like is still there → another user cannot see it. Screenshots of every page
/// are saved under bin/…/artifacts.
/// </summary>
public abstract class BrowserFlowTests
{
    /// <summary>The library the flow runs against, with the XSS-titled track among its tracks.</summary>
    internal abstract Task<(ITimbreBackend Backend, TimbreWebOptions Options, IAsyncDisposable Owner)> CreateAsync();

    /// <summary>Screenshot name prefix.</summary>
    internal abstract string Prefix { get; }

    /// <summary>A short WAV clip to upload.</summary>
    internal abstract byte[] UploadClip();

    [Fact]
    public async Task Upload_play_like_sign_out_and_in_and_isolation()
    {
        var (backend, options, owner) = await CreateAsync();
        await using var _ = owner;
        await using var session = await BrowserSession.StartAsync(options, backend);
        var (context, page, problems) = await session.NewPageAsync();

        // Sign up.
        await page.GotoAsync("/taste.html");
        await page.Locator("#signup input[name=name]").FillAsync("alice");
        await page.Locator("#signup input[name=password]").FillAsync("alice-password");
        await page.Locator("#signup button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync("alice");

        // A corrupt file: the decoder's reason is shown on the page.
        await page.GotoAsync("/upload.html");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "broken.wav", MimeType = "audio/wav", Buffer = "RIFF but not really audio"u8.ToArray() });
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#error strong")).ToHaveTextAsync("The file could not be decoded as audio.");
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#error .reason").TextContentAsync()));
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-upload-error.png");

        // Upload a generated clip.
        await page.ReloadAsync();
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "my clip.wav", MimeType = "audio/wav", Buffer = UploadClip() });
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.True(await page.Locator("#genres .bar-row").CountAsync() >= 2);
        var recs = page.Locator("#recs li[data-track]");
        Assert.True(await recs.CountAsync() >= 5, $"only {await recs.CountAsync()} recommendations");
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-upload.png");

        // Play the first recommendation.
        var first = recs.First;
        var title = await first.Locator("a.title").TextContentAsync();
        await first.Locator("button.play").ClickAsync();
        await Assertions.Expect(page.Locator("#player-now .t")).ToHaveTextAsync(title!);
        await page.WaitForFunctionAsync("() => { const t = document.querySelector('#player-time').textContent; return !t.startsWith('0:00 / 0:00'); }", null, new() { Timeout = 30_000 });

        // Like the second one; the button turns on at once.
        var second = recs.Nth(1);
        var likedId = await second.GetAttributeAsync("data-track");
        var likedTitle = await second.Locator("a.title").TextContentAsync();
        await second.Locator("button.like").ClickAsync();
        await Assertions.Expect(second.Locator("button.like")).ToHaveClassAsync(new Regex("\\bon\\b"));

        // The taste page shows it; sign out and in again: still there.
        await page.GotoAsync("/taste.html");
        await Assertions.Expect(page.Locator($"#liked li[data-track='{likedId}'] a.title")).ToHaveTextAsync(likedTitle!);
        await Assertions.Expect(page.Locator("#recs li[data-track]").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-taste.png");
        await page.Locator("#signout").ClickAsync();
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-signin.png");
        await page.Locator("#signin input[name=name]").FillAsync("alice");
        await page.Locator("#signin input[name=password]").FillAsync("alice-password");
        await page.Locator("#signin button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"#liked li[data-track='{likedId}'] a.title")).ToHaveTextAsync(likedTitle!);

        // Another user, in another browser context, does not see it.
        var (otherContext, other, otherProblems) = await session.NewPageAsync();
        await other.GotoAsync("/taste.html");
        await other.Locator("#signup input[name=name]").FillAsync("bob");
        await other.Locator("#signup input[name=password]").FillAsync("bob-password");
        await other.Locator("#signup button[type=submit]").ClickAsync();
        await Assertions.Expect(other.Locator("#name")).ToHaveTextAsync("bob");
        await Assertions.Expect(other.Locator("#liked li")).ToHaveTextAsync("None yet.");
        await Assertions.Expect(other.Locator($"[data-track='{likedId}'] button.like.on")).ToHaveCountAsync(0);

        // Library and track pages, with the hostile title shown as text.
        await page.GotoAsync("/?q=onerror");
        var hostile = page.Locator("#rows a", new() { HasText = "<img src=x onerror=alert(1)>" });
        await Assertions.Expect(hostile).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("#rows img").CountAsync());
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#rows tr[data-track]").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-library.png");
        await hostileTrack(page);
        await BrowserSession.ScreenshotAsync(page, $"{Prefix}-track.png");

        Assert.Empty(problems);
        Assert.Empty(otherProblems);
        await context.CloseAsync();
        await otherContext.CloseAsync();
    }

    private static async Task hostileTrack(IPage page)
    {
        await page.GotoAsync("/?q=onerror");
        await page.Locator("#rows a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("<img src=x onerror=alert(1)>");
        await Assertions.Expect(page.Locator("#similar li[data-track]").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('spectrogram'); return i.complete && i.naturalWidth > 0; }");
        await page.Locator("#methods button[data-method=m2]").ClickAsync();
        await Assertions.Expect(page.Locator("#similar li[data-track]").First).ToBeVisibleAsync();
    }
}

/// <summary>The browser flow over the in-memory backend (exercises the pages alone).</summary>
[Trait("Category", "Slow")]
[Collection(BrowserSession.Collection)]
public sealed class InMemoryBrowserFlowTests : BrowserFlowTests
{
    internal override string Prefix => "inmemory";

    internal override byte[] UploadClip() => TestWav.Tone(330, 1.0);

    internal override Task<(ITimbreBackend Backend, TimbreWebOptions Options, IAsyncDisposable Owner)> CreateAsync()
    {
        var dir = new TempDir();
        var backend = new InMemoryBackend();
        for (var i = 0; i < 8; i++)
        {
            var path = dir.File($"t{i}.wav");
            File.WriteAllBytes(path, TestWav.Tone(200 + (40 * i), 2.0));
            backend.Add(i == 0 ? "<img src=x onerror=alert(1)>" : $"Song {i}", path, InMemoryBackend.Labels[i % 4], 1990 + i, 2.0);
        }

        var options = new TimbreWebOptions { TempDirectory = dir.Path, LibraryDirectory = dir.File("lib") };
        return Task.FromResult<(ITimbreBackend, TimbreWebOptions, IAsyncDisposable)>((backend, options, new DisposeDir(dir)));
    }

    private sealed class DisposeDir(TempDir dir) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dir.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The browser flow over the real backend: SQLite catalog, tiny trained genre model, real decoder and recommenders.</summary>
[Trait("Category", "Slow")]
[Collection(BrowserSession.Collection)]
public sealed class CatalogBrowserFlowTests : BrowserFlowTests
{
    internal override string Prefix => "catalog";

    internal override byte[] UploadClip() => GenreLibrary.Clip(1);

    internal override Task<(ITimbreBackend Backend, TimbreWebOptions Options, IAsyncDisposable Owner)> CreateAsync()
    {
        var library = new GenreLibrary();
        return Task.FromResult<(ITimbreBackend, TimbreWebOptions, IAsyncDisposable)>((library.Backend, library.Options, library));
    }
}
