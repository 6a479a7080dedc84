using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Timbre.Web.Backend;

namespace Timbre.Web.Tests.Support;

/// <summary>
/// The real app on Kestrel at a free local port, and Debian's headless Chromium driven by Playwright
/// (never a downloaded browser). Screenshots go to <see cref="ArtifactsDirectory"/>.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Browser tests run one at a time (two cores in CI).</summary>
    public const string Collection = "browser";

    private BrowserSession(WebApplication app, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        App = app;
        Playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    public string BaseUrl { get; }

    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    public static async Task<BrowserSession> StartAsync(TimbreWebOptions options, ITimbreBackend backend)
    {
        var app = TimbreWeb.Build(options with { Urls = "http://127.0.0.1:0" }, backend, l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
        return new BrowserSession(app, playwright, browser, address.TrimEnd('/'));
    }

    /// <summary>A fresh browser context (own cookies) with a 1280×900 viewport; page errors fail the test.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add($"page error: {e}");
        page.Dialog += async (_, d) =>
        {
            problems.Add($"dialog: {d.Message}");
            await d.DismissAsync();
        };
        return (context, page, problems);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
