using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Timbre.Web.Backend;

namespace Timbre.Web.Tests.Support;

/// <summary>Hosts the Timbre web app in memory over a given backend (WebApplicationFactory with a test server).</summary>
internal sealed class WebFactory(TimbreWebOptions options, ITimbreBackend backend) : WebApplicationFactory<WebFactory>
{
    /// <summary>
    /// Test-only header standing for the TCP peer address (the test server has no sockets); read by a filter
    /// before the app, so the app sees it as <c>Connection.RemoteIpAddress</c>, exactly as from Kestrel.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Peer-Address";

    public TimbreWebOptions Options { get; } = options;

    public ITimbreBackend Backend { get; } = backend;

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureWebHost(web => web
                .ConfigureServices(services =>
                {
                    services.AddSingleton<IStartupFilter, PeerAddressFilter>();
                    TimbreWeb.AddServices(services, Options, Backend);
                })
                .Configure(TimbreWeb.Configure));

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    /// <summary>A client that keeps cookies and sends the header state-changing calls need.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        return client;
    }

    /// <summary>A client without a cookie jar (tests set the Cookie header themselves), seen as coming from <paramref name="address"/>.</summary>
    public HttpClient CreateBareClient(string address = "192.0.2.1")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var value) && IPAddress.TryParse(value, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                    context.Request.Headers.Remove(ClientAddressHeader);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
