using Microsoft.Playwright;
using Timbre.Web.Tests.Support;

namespace Timbre.Web.Tests.EndToEnd;

/// <summary>
/// Issue 10 in headless Chromium: "add to library" is offered only to a signed-in user, and a Delete button appears
/// only on the songs that user added; deleting one removes it from the library.
/// </summary>
[Trait("Category", "Slow")]
[Collection(BrowserSession.Collection)]
public sealed class OwnedUploadBrowserTests
{
    [Fact]
    public async Task Add_to_library_is_offered_when_signed_in_and_only_the_owner_sees_delete()
    {
        using var dir = new TempDir();
        var backend = new InMemoryBackend();
        for (var i = 0; i < 3; i++)
        {
            var path = dir.File($"t{i}.wav");
            File.WriteAllBytes(path, TestWav.Tone(200 + (40 * i), 1.0));
            backend.Add($"Song {i}", path, InMemoryBackend.Labels[i], 1990 + i, 1.0);
        }

        var options = new TimbreWebOptions { TempDirectory = dir.File("tmp"), LibraryDirectory = dir.File("lib") };
        await using var session = await BrowserSession.StartAsync(options, backend);
        var (context, page, problems) = await session.NewPageAsync();

        // Signed out: the page says why it cannot add.
        await page.GotoAsync("/upload.html");
        await Assertions.Expect(page.Locator("#sign-in-to-add")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#add-row")).ToBeHiddenAsync();

        await page.GotoAsync("/taste.html");
        await page.Locator("#signup input[name=name]").FillAsync("dora");
        await page.Locator("#signup input[name=password]").FillAsync("dora-password-1");
        await page.Locator("#signup button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#name")).ToHaveTextAsync("dora");

        // Signed in: add an upload to the library.
        await page.GotoAsync("/upload.html");
        await Assertions.Expect(page.Locator("#add-row")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sign-in-to-add")).ToBeHiddenAsync();
        await page.Locator("#add").CheckAsync();
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "dora song.wav", MimeType = "audio/wav", Buffer = TestWav.Tone(330, 1.0) });
        await Assertions.Expect(page.Locator("#added a")).ToHaveTextAsync("dora song", new() { Timeout = 30_000 });
        await BrowserSession.ScreenshotAsync(page, "owned-upload-added.png");

        // A scanned track has no Delete button; the user's own has one, in the list and on its page.
        await page.GotoAsync("/track.html?id=1");
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Song 0");
        await Assertions.Expect(page.Locator("main button.delete")).ToHaveCountAsync(0);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#rows tr[data-track]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#rows button.delete")).ToHaveCountAsync(1);
        await page.Locator("#rows a", new() { HasText = "dora song" }).ClickAsync();
        await Assertions.Expect(page.Locator("main button.delete")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "owned-upload-track.png");

        await page.Locator("main button.delete").ClickAsync();
        await Assertions.Expect(page.Locator("main button.delete")).ToHaveTextAsync("Really delete?");
        Assert.Equal(4, backend.ListTracks(new Backend.LibraryQuery()).Total); // one click asks, it does not delete
        // Wait for the navigation from before the click: a fast DELETE can navigate before a later wait attaches.
        var backHome = page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.Locator("main button.delete").ClickAsync();
        await backHome;
        await Assertions.Expect(page.Locator("#rows tr[data-track]")).ToHaveCountAsync(3);
        Assert.Equal(3, backend.ListTracks(new Backend.LibraryQuery()).Total);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.File("lib"), "uploads")));

        Assert.Empty(problems);
        await context.CloseAsync();
    }
}
